package io.etcddr.activities.support;

import io.etcddr.contract.DurationText;
import java.time.Duration;

/** Optional `with:` values and their defaults, as every activity reads them. */
public final class StepInputs {

  private StepInputs() {}

  /** A duration such as {@code 30s} or {@code 1h}; the fallback when absent. */
  public static Duration duration(String name, String text, Duration fallback) {
    if (text == null || text.isBlank()) {
      return fallback;
    }
    return DurationText.parse(text)
        .orElseThrow(
            () ->
                ActivityFailures.badInput(
                    name + " `" + text + "` is not a duration; write e.g. 30s, 5m or 1h"));
  }

  public static String orDefault(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value;
  }

  public static boolean isTrue(Boolean value) {
    return Boolean.TRUE.equals(value);
  }
}
