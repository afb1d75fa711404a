package io.etcddr.runbook.expr;

import java.util.ArrayList;
import java.util.List;

/** Splits a string into text and {@code ${{ … }}} expressions. */
public final class TemplateParser {

  public static final String OPEN = "${{";
  public static final String CLOSE = "}}";

  private TemplateParser() {}

  /** Thrown for a {@code ${{} without its {@code }}}; {@code offset} points at the opener. */
  public static final class UnterminatedException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int offset;

    UnterminatedException(int offset) {
      super("`${{` at offset " + offset + " has no closing `}}`", null, false, false);
      this.offset = offset;
    }

    public int offset() {
      return offset;
    }
  }

  public static boolean hasExpression(String text) {
    return text.contains(OPEN);
  }

  public static Template parse(String text) throws UnterminatedException {
    List<Template.Part> parts = new ArrayList<>();
    int at = 0;
    while (at < text.length()) {
      int open = text.indexOf(OPEN, at);
      if (open < 0) {
        parts.add(new Template.Text(text.substring(at)));
        break;
      }
      if (open > at) {
        parts.add(new Template.Text(text.substring(at, open)));
      }
      int close = closingBraces(text, open + OPEN.length());
      if (close < 0) {
        throw new UnterminatedException(open);
      }
      int start = open + OPEN.length();
      parts.add(new Template.Expression(text.substring(start, close), start));
      at = close + CLOSE.length();
    }
    if (parts.isEmpty()) {
      return new Template.Literal(text);
    }
    if (parts.size() == 1 && parts.get(0) instanceof Template.Text t) {
      return new Template.Literal(t.text());
    }
    if (parts.size() == 1 && parts.get(0) instanceof Template.Expression e) {
      return new Template.Whole(e.source(), e.offset());
    }
    return new Template.Interpolated(parts);
  }

  /** Finds the closing {@code }}}, skipping braces inside CEL string literals and map literals. */
  private static int closingBraces(String text, int from) {
    int depth = 0;
    char quote = 0;
    for (int i = from; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quote != 0) {
        if (c == '\\') {
          i++;
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '{') {
        depth++;
      } else if (c == '}') {
        if (depth == 0 && text.startsWith(CLOSE, i)) {
          return i;
        }
        depth = Math.max(0, depth - 1);
      }
    }
    return -1;
  }
}
