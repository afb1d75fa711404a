package io.etcddr.runbook.compile;

import io.etcddr.runbook.diagnostics.Diagnostic;
import java.util.List;
import java.util.Optional;

/** The outcome of compiling one file: a plan when there were no errors, and every diagnostic. */
public record Compilation(String file, Optional<Plan> plan, List<Diagnostic> diagnostics) {

  public Compilation {
    diagnostics = List.copyOf(diagnostics);
  }

  public boolean ok() {
    return plan.isPresent();
  }

  public Plan planOrThrow() {
    return plan.orElseThrow(
        () -> new IllegalStateException(file + " has errors: " + diagnostics.get(0)));
  }
}
