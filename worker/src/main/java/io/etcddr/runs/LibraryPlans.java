package io.etcddr.runs;

import io.etcddr.runbook.compile.Compilation;
import io.etcddr.runbook.compile.Plan;
import io.etcddr.runbook.compile.RunbookCompiler;
import io.etcddr.runbook.diagnostics.Diagnostic;
import io.etcddr.runbook.library.DirectoryLibrary;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The runbooks of a library folder as compiled plans. Read anew for each use (a run, an alert, an
 * API call, `schedule apply`), so an edited runbook is used next time without a restart; each
 * runbook is compiled only when asked for. A runbook that does not compile never runs, and {@link
 * #whyMissing} says what is wrong with it.
 */
public final class LibraryPlans {

  private final Path folder;
  private final DirectoryLibrary runbooks;
  private final RunbookCompiler compiler;
  private final Map<String, Compilation> compiled = new HashMap<>();

  private LibraryPlans(Path folder) {
    this.folder = folder;
    this.runbooks = new DirectoryLibrary(folder);
    this.compiler = new RunbookCompiler(runbooks);
  }

  public static LibraryPlans read(Path folder) {
    return new LibraryPlans(folder);
  }

  public Path folder() {
    return folder;
  }

  /** Every runbook that compiles, by name. */
  public List<Plan> plans() {
    return runbooks.names().stream().map(this::find).flatMap(Optional::stream).toList();
  }

  public Optional<Plan> find(String name) {
    return compilation(name).filter(Compilation::ok).map(Compilation::planOrThrow);
  }

  /** Whether the library has a runbook of this name, valid or not. */
  public boolean exists(String name) {
    return runbooks.find(name).isPresent();
  }

  /** Why a runbook of this name cannot run: unknown, or invalid and what is wrong. */
  public String whyMissing(String name) {
    Optional<Compilation> compilation = compilation(name);
    if (compilation.isEmpty()) {
      return "no runbook `"
          + name
          + "` in "
          + folder.toAbsolutePath()
          + "; known: "
          + String.join(", ", runbooks.names());
    }
    return "runbook `"
        + name
        + "` is invalid; run `etcd-dr validate "
        + runbooks.find(name).orElseThrow().file()
        + "`: "
        + compilation.get().diagnostics().stream()
            .limit(3)
            .map(Diagnostic::toString)
            .collect(Collectors.joining("; "));
  }

  private Optional<Compilation> compilation(String name) {
    return runbooks
        .find(name)
        .map(
            entry ->
                compiled.computeIfAbsent(
                    name, n -> compiler.compile(entry.file().toString(), entry.text())));
  }
}
