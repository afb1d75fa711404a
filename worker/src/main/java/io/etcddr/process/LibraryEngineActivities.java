package io.etcddr.process;

import io.etcddr.activities.ActivityFailures;
import io.etcddr.activities.inventory.Cluster;
import io.etcddr.activities.inventory.ClusterInventory;
import io.etcddr.engine.EngineActivities;
import io.etcddr.runbook.compile.Compilation;
import io.etcddr.runbook.compile.Plan;
import io.etcddr.runbook.compile.RunbookCompiler;
import io.etcddr.runbook.diagnostics.Diagnostic;
import io.etcddr.runbook.library.DirectoryLibrary;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The worker's side of {@link EngineActivities}: its runbook library and cluster inventory. */
public final class LibraryEngineActivities implements EngineActivities {

  private final Path library;
  private final ClusterInventory inventory;

  public LibraryEngineActivities(Path library, ClusterInventory inventory) {
    this.library = library;
    this.inventory = inventory;
  }

  @Override
  public Plan loadPlan(String runbook) {
    // Read anew on every run: a fixed runbook is used by the next run without a restart.
    DirectoryLibrary runbooks = new DirectoryLibrary(library);
    DirectoryLibrary.Entry entry =
        runbooks
            .find(runbook)
            .orElseThrow(
                () ->
                    ActivityFailures.badInput(
                        "no runbook `"
                            + runbook
                            + "` in "
                            + library.toAbsolutePath()
                            + "; known: "
                            + String.join(", ", runbooks.names())));
    Compilation compiled =
        new RunbookCompiler(runbooks).compile(entry.file().toString(), entry.text());
    if (!compiled.ok()) {
      throw ActivityFailures.badInput(
          "runbook `"
              + runbook
              + "` is invalid; run `etcd-dr validate "
              + entry.file()
              + "`: "
              + compiled.diagnostics().stream()
                  .limit(3)
                  .map(Diagnostic::toString)
                  .collect(Collectors.joining("; ")));
    }
    return compiled.planOrThrow();
  }

  @Override
  public String deployNode(String cluster) {
    return node(cluster, "deployNode", Cluster::deployNode);
  }

  @Override
  public String caNode(String cluster) {
    return node(cluster, "caNode", Cluster::caNode);
  }

  private String node(String cluster, String field, Function<Cluster, String> get) {
    try {
      String node = get.apply(inventory.require(cluster));
      if (node == null) {
        throw ActivityFailures.badInput(
            "cluster `"
                + cluster
                + "` names no "
                + field
                + "; add `"
                + field
                + ":` to "
                + inventory.directory().resolve(cluster + ".yaml"));
      }
      return node;
    } catch (ClusterInventory.InventoryException e) {
      throw ActivityFailures.badInput(e.getMessage());
    }
  }
}
