package io.etcddr.runbook.validate;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Checks the five-field cron syntax that Temporal Schedules and cron workflows accept. Written here
 * rather than taken from a cron library because the language module may depend only on the Temporal
 * SDK, Jackson and CEL, none of which exposes a cron parser.
 */
final class CronSyntax {

  private record FieldRule(String name, int min, int max, List<String> names) {}

  private static final List<FieldRule> FIELDS =
      List.of(
          new FieldRule("minute", 0, 59, List.of()),
          new FieldRule("hour", 0, 23, List.of()),
          new FieldRule("day of month", 1, 31, List.of()),
          new FieldRule(
              "month",
              1,
              12,
              List.of(
                  "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV",
                  "DEC")),
          new FieldRule(
              "day of week", 0, 7, List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT")));

  private static final List<String> MACROS =
      List.of("@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly");

  private CronSyntax() {}

  /** Empty when valid, else what is wrong. */
  static Optional<String> problem(String cron) {
    String text = cron.trim();
    if (MACROS.contains(text)) {
      return Optional.empty();
    }
    String[] fields = text.split("\\s+");
    if (fields.length != FIELDS.size()) {
      return Optional.of(
          "cron `"
              + cron
              + "` has "
              + fields.length
              + " fields; it needs 5 (minute hour day-of-month month day-of-week)");
    }
    for (int i = 0; i < fields.length; i++) {
      for (String item : fields[i].split(",", -1)) {
        Optional<String> bad = item(item, FIELDS.get(i));
        if (bad.isPresent()) {
          return bad;
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<String> item(String item, FieldRule rule) {
    String range = item;
    int slash = item.indexOf('/');
    if (slash >= 0) {
      range = item.substring(0, slash);
      Integer step = number(item.substring(slash + 1), List.of());
      if (step == null || step < 1) {
        return bad(item, rule, "the step after `/` must be a positive number");
      }
    }
    if (range.equals("*")) {
      return Optional.empty();
    }
    String[] ends = range.split("-", -1);
    if (ends.length > 2) {
      return bad(item, rule, "a range has one `-`");
    }
    Integer low = number(ends[0], rule.names());
    Integer high = ends.length == 2 ? number(ends[1], rule.names()) : low;
    if (low == null || high == null) {
      return bad(
          item,
          rule,
          "expected a number"
              + (rule.names().isEmpty() ? "" : " or a name like " + rule.names().get(0)));
    }
    if (low < rule.min() || high > rule.max() || low > high) {
      return bad(item, rule, "values run from " + rule.min() + " to " + rule.max());
    }
    return Optional.empty();
  }

  private static Integer number(String text, List<String> names) {
    int named = names.indexOf(text.toUpperCase(Locale.ROOT));
    if (named >= 0) {
      return named + (names.size() == 12 ? 1 : 0);
    }
    if (!text.matches("\\d{1,2}")) {
      return null;
    }
    return Integer.parseInt(text);
  }

  private static Optional<String> bad(String item, FieldRule rule, String why) {
    return Optional.of("cron " + rule.name() + " `" + item + "` is invalid: " + why);
  }
}
