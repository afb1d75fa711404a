package io.etcddr.runbook.yaml;

import io.etcddr.runbook.diagnostics.SourceSpan;
import java.util.Arrays;

/**
 * The text of a runbook file, to turn a position inside a scalar (an expression in a string) back
 * into a line and column of the file.
 */
public final class SourceText {

  private final String file;
  private final String text;
  private final int[] lineStarts;

  public SourceText(String file, String text) {
    this.file = file;
    this.text = text;
    this.lineStarts = lineStarts(text);
  }

  private static int[] lineStarts(String text) {
    // indexOf, not a charAt loop: a short command runs this cold, where each charAt is a call.
    int[] starts = new int[64];
    int count = 1;
    for (int nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', nl + 1)) {
      if (count == starts.length) {
        starts = Arrays.copyOf(starts, count * 2);
      }
      starts[count++] = nl + 1;
    }
    return Arrays.copyOf(starts, count);
  }

  /**
   * Where {@code needle} first occurs at or after the start of {@code scalar}, shifted by {@code
   * extra} characters; the scalar's own start when it cannot be found (escaped text).
   */
  public SourceSpan locate(SourceSpan scalar, String needle, int extra) {
    int from = offsetOf(scalar);
    int found = from < 0 ? -1 : text.indexOf(needle, from);
    if (found < 0) {
      return scalar;
    }
    return spanAt(found + Math.min(extra, needle.length()));
  }

  /**
   * The file position of character {@code column} (0-based) of line {@code line} (1-based) of an
   * expression that starts at {@code start}.
   */
  public SourceSpan within(SourceSpan start, int line, int column) {
    if (line <= 1) {
      return start.shift(0, column);
    }
    int startOffset = offsetOf(start);
    if (startOffset < 0) {
      return start;
    }
    // Later lines of a multi-line expression: count newlines forward from the start.
    int offset = startOffset;
    for (int l = 1; l < line && offset >= 0; l++) {
      offset = text.indexOf('\n', offset);
      offset = offset < 0 ? -1 : offset + 1;
    }
    if (offset < 0) {
      return start;
    }
    int lineNo = start.line() + line - 1;
    int indent = 0;
    while (offset + indent < text.length() && text.charAt(offset + indent) == ' ') {
      indent++;
    }
    return new SourceSpan(file, lineNo, indent + column + 1);
  }

  private int offsetOf(SourceSpan span) {
    if (span.line() < 1 || span.line() > lineStarts.length) {
      return -1;
    }
    return Math.min(text.length(), lineStarts[span.line() - 1] + span.column() - 1);
  }

  private SourceSpan spanAt(int offset) {
    int line = 0;
    int lo = 0;
    int hi = lineStarts.length - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (lineStarts[mid] <= offset) {
        line = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return new SourceSpan(file, line + 1, offset - lineStarts[line] + 1);
  }
}
