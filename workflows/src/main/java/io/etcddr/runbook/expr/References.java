package io.etcddr.runbook.expr;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the dotted references ({@code inputs.x}, {@code steps.y.outputs.z}) in a CEL expression, so
 * that the compiler can say "unknown input `x`, did you mean …" instead of CEL's generic
 * "undeclared reference", and can check that a referenced step runs before the one that reads it.
 */
public final class References {

  /** A reference, split on dots, with its offset in the expression source. */
  public record Reference(List<String> path, int offset) {
    public String root() {
      return path.get(0);
    }
  }

  private static final Pattern REFERENCE =
      Pattern.compile(
          "(?<![\\w.])(inputs|steps|run|alert|failure)((?:\\s*\\.\\s*[A-Za-z_][A-Za-z0-9_]*)*)");

  private References() {}

  public static List<Reference> in(String source) {
    String code = blankStringLiterals(source);
    List<Reference> out = new ArrayList<>();
    Matcher m = REFERENCE.matcher(code);
    while (m.find()) {
      List<String> path = new ArrayList<>();
      path.add(m.group(1));
      for (String part : m.group(2).split("\\.")) {
        if (!part.isBlank()) {
          path.add(part.trim());
        }
      }
      out.add(new Reference(List.copyOf(path), m.start()));
    }
    return out;
  }

  /** Replaces the contents of CEL string literals with spaces, keeping every offset. */
  static String blankStringLiterals(String source) {
    StringBuilder out = new StringBuilder(source);
    char quote = 0;
    for (int i = 0; i < out.length(); i++) {
      char c = out.charAt(i);
      if (quote == 0) {
        if (c == '\'' || c == '"') {
          quote = c;
        }
      } else if (c == '\\' && i + 1 < out.length()) {
        out.setCharAt(i, ' ');
        out.setCharAt(++i, ' ');
      } else if (c == quote) {
        quote = 0;
      } else {
        out.setCharAt(i, ' ');
      }
    }
    return out.toString();
  }
}
