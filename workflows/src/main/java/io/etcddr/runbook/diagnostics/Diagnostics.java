package io.etcddr.runbook.diagnostics;

import java.util.ArrayList;
import java.util.List;

/** Collects every problem of a file, so that an operator sees them all at once. */
public final class Diagnostics {

  private final List<Diagnostic> all = new ArrayList<>();

  /** Goes on from problems an earlier pass of the same file found. */
  public static Diagnostics of(List<Diagnostic> found) {
    Diagnostics diagnostics = new Diagnostics();
    diagnostics.all.addAll(found);
    return diagnostics;
  }

  public void error(SourceSpan at, DiagnosticCode code, String message, String hint) {
    all.add(Diagnostic.error(at, code, message, hint));
  }

  public boolean hasErrors() {
    return all.stream().anyMatch(Diagnostic::isError);
  }

  /** Sorted by position, duplicates removed. */
  public List<Diagnostic> sorted() {
    return all.stream().distinct().sorted(Diagnostic.ORDER).toList();
  }
}
