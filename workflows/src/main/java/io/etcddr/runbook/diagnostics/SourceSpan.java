package io.etcddr.runbook.diagnostics;

/** Where a node starts in its file: 1-based line and column, as editors count them. */
public record SourceSpan(String file, int line, int column) {

  public static SourceSpan startOf(String file) {
    return new SourceSpan(file, 1, 1);
  }

  /** The position of a character inside a scalar that starts here (single-line plain scalars). */
  public SourceSpan shift(int lineDelta, int columnDelta) {
    return lineDelta == 0
        ? new SourceSpan(file, line, column + columnDelta)
        : new SourceSpan(file, line + lineDelta, columnDelta + 1);
  }

  @Override
  public String toString() {
    return file + ":" + line + ":" + column;
  }
}
