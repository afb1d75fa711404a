package io.etcddr.runs;

import io.etcddr.runbook.compile.Compilation;
import io.etcddr.runbook.compile.Plan;
import io.etcddr.runbook.compile.RunbookCompiler;
import io.etcddr.runbook.diagnostics.Diagnostic;
import io.etcddr.runbook.library.DirectoryLibrary;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The compiled runbooks of a library folder, read anew each time one is asked for, so an edited
 * runbook is used by the next alert, API call or schedule without a restart. Runbooks that do not
 * compile are kept aside with their first problems: they never start, and callers can say why.
 */
public final class LibraryPlans {

  private final Path folder;
  private final Map<String, Plan> plans = new TreeMap<>();
  private final Map<String, String> invalid = new TreeMap<>();

  private LibraryPlans(Path folder) {
    this.folder = folder;
  }

  public static LibraryPlans read(Path folder) {
    LibraryPlans library = new LibraryPlans(folder);
    DirectoryLibrary runbooks = new DirectoryLibrary(folder);
    RunbookCompiler compiler = new RunbookCompiler(runbooks);
    for (String name : runbooks.names()) {
      DirectoryLibrary.Entry entry = runbooks.find(name).orElseThrow();
      Compilation compiled = compiler.compile(entry.file().toString(), entry.text());
      if (compiled.ok()) {
        library.plans.put(name, compiled.planOrThrow());
      } else {
        library.invalid.put(
            name,
            compiled.diagnostics().stream()
                .limit(3)
                .map(Diagnostic::toString)
                .collect(Collectors.joining("; ")));
      }
    }
    return library;
  }

  public Path folder() {
    return folder;
  }

  public List<Plan> plans() {
    return new ArrayList<>(plans.values());
  }

  public Optional<Plan> find(String name) {
    return Optional.ofNullable(plans.get(name));
  }

  /** Why a runbook of this name cannot run: unknown, or invalid and what is wrong. */
  public String whyMissing(String name) {
    if (invalid.containsKey(name)) {
      return "runbook `"
          + name
          + "` is invalid ("
          + invalid.get(name)
          + "); fix it and check with `etcd-dr validate`";
    }
    return "no runbook `"
        + name
        + "` in "
        + folder.toAbsolutePath()
        + "; known: "
        + String.join(", ", plans.keySet());
  }
}
