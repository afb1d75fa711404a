package io.etcddr.runs;

import io.etcddr.runbook.compile.Compilation;
import io.etcddr.runbook.compile.Plan;
import io.etcddr.runbook.compile.RunbookCompiler;
import io.etcddr.runbook.diagnostics.Diagnostic;
import io.etcddr.runbook.library.DirectoryLibrary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The runbooks of a library folder as compiled plans. Asked for at each use (a run, an alert, an
 * API call, `schedule apply`): the folder's files are looked at every time, so an edited runbook is
 * used next time without a restart, but they are read and compiled again only when one of them
 * changed (another size or modification time, a file added or removed) — an alert storm costs a
 * directory listing per request, not a compilation. Each runbook is compiled only when asked for. A
 * runbook that does not compile never runs, and {@link #whyMissing} says what is wrong with it.
 */
public final class LibraryPlans {

  private final Path folder;
  private final DirectoryLibrary runbooks;
  private final RunbookCompiler compiler;
  private final Map<String, Compilation> compiled = new ConcurrentHashMap<>();

  /** The last library read per folder, with the file states it was read from. */
  private static final Map<Path, Cached> CACHE = new ConcurrentHashMap<>();

  private record Cached(List<String> files, LibraryPlans plans) {}

  private LibraryPlans(Path folder) {
    this.folder = folder;
    this.runbooks = new DirectoryLibrary(folder);
    this.compiler = new RunbookCompiler(runbooks);
  }

  public static LibraryPlans read(Path folder) {
    Path key = folder.toAbsolutePath().normalize();
    List<String> files = fileStates(key);
    Cached cached = CACHE.get(key);
    if (cached != null && cached.files().equals(files)) {
      return cached.plans();
    }
    LibraryPlans fresh = new LibraryPlans(folder);
    CACHE.put(key, new Cached(files, fresh));
    return fresh;
  }

  /**
   * Each runbook file with its size and modification time (nanoseconds where the disk has them).
   */
  private static List<String> fileStates(Path folder) {
    List<String> states = new ArrayList<>();
    for (Path file : DirectoryLibrary.runbookFiles(folder)) {
      try {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        states.add(file + "|" + a.size() + "|" + a.lastModifiedTime().to(TimeUnit.NANOSECONDS));
      } catch (IOException gone) {
        states.add(file + "|gone");
      }
    }
    return states;
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
