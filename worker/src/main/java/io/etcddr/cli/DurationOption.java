package io.etcddr.cli;

import io.etcddr.contract.DurationText;
import java.time.Duration;
import java.util.function.Predicate;

/** An option whose value is a duration (`30s`, `2m`): read, or refused as bad usage in one line. */
final class DurationOption {

  private DurationOption() {}

  /**
   * @param hint what to write instead, e.g. "write a duration such as 30s"
   * @throws UsageException "OPTION VALUE: HINT" when the value is no duration
   */
  static Duration parse(String option, String text, String hint) {
    return parse(option, text, hint, d -> true);
  }

  /**
   * As {@link #parse(String, String, String)}, also refusing a duration {@code allowed} rejects.
   */
  static Duration parse(String option, String text, String hint, Predicate<Duration> allowed) {
    return DurationText.parse(text)
        .filter(allowed)
        .orElseThrow(() -> new UsageException(option + " " + text + ": " + hint));
  }
}
