package io.etcddr.runbook.diagnostics;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/** "Did you mean …?" for misspelled keys and names, by edit distance. */
public final class Suggestions {

  private Suggestions() {}

  /** The closest candidate within a distance that a typo plausibly explains. */
  public static Optional<String> closest(String written, Collection<String> candidates) {
    int limit = Math.max(1, Math.min(3, written.length() / 3));
    return candidates.stream()
        .filter(c -> distance(written.toLowerCase(), c.toLowerCase()) <= limit)
        .min(Comparator.comparingInt((String c) -> distance(written, c)).thenComparing(c -> c));
  }

  /** A hint sentence: "did you mean `x`?" or the list of what is allowed. */
  public static String hint(String written, Collection<String> candidates) {
    return closest(written, candidates)
        .map(c -> "did you mean `" + c + "`?")
        .orElseGet(
            () -> "expected one of: " + String.join(", ", candidates.stream().sorted().toList()));
  }

  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] =
            Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
