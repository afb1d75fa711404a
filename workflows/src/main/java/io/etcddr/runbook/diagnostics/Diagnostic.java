package io.etcddr.runbook.diagnostics;

import java.util.Comparator;

/**
 * One problem found in a runbook, printed javac-style: {@code file:line:col: error[RB012]: what —
 * hint}.
 */
public record Diagnostic(
    String file,
    int line,
    int column,
    Severity severity,
    DiagnosticCode code,
    String message,
    String hint) {

  public static final Comparator<Diagnostic> ORDER =
      Comparator.comparing(Diagnostic::file)
          .thenComparingInt(Diagnostic::line)
          .thenComparingInt(Diagnostic::column)
          .thenComparing(Diagnostic::code)
          .thenComparing(Diagnostic::message);

  public static Diagnostic error(SourceSpan at, DiagnosticCode code, String message, String hint) {
    return new Diagnostic(at.file(), at.line(), at.column(), Severity.ERROR, code, message, hint);
  }

  public boolean isError() {
    return severity == Severity.ERROR;
  }

  @Override
  public String toString() {
    String where = file + ":" + line + ":" + column;
    String what = where + ": " + severity + "[" + code.id() + "]: " + message;
    return hint == null || hint.isEmpty() ? what : what + " — " + hint;
  }
}
