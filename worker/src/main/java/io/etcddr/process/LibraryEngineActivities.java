package io.etcddr.process;

import io.etcddr.activities.inventory.Cluster;
import io.etcddr.activities.inventory.ClusterInventory;
import io.etcddr.activities.inventory.InputCheck;
import io.etcddr.activities.support.ActivityFailures;
import io.etcddr.contract.FailureType;
import io.etcddr.contract.PlanInput;
import io.etcddr.engine.EngineActivities;
import io.etcddr.people.Users;
import io.etcddr.runbook.compile.Plan;
import io.etcddr.runs.LibraryPlans;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The worker's side of {@link EngineActivities}: its runbook library and cluster inventory. */
public final class LibraryEngineActivities implements EngineActivities {

  private final Path library;
  private final ClusterInventory inventory;
  private final Users users;

  /**
   * @param users who may approve, and the key that vouches for them; null when the worker has none
   */
  public LibraryEngineActivities(Path library, ClusterInventory inventory, Users users) {
    this.library = library;
    this.inventory = inventory;
    this.users = users;
  }

  @Override
  public String approvalKey() {
    return users == null ? "" : users.approvalKey().publicKey();
  }

  @Override
  public Plan loadPlan(String runbook) {
    // Read anew on every run: a fixed runbook is used by the next run without a restart.
    LibraryPlans plans = LibraryPlans.read(library);
    return plans
        .find(runbook)
        .orElseThrow(
            () ->
                ActivityFailures.of(
                    plans.exists(runbook) ? FailureType.InvalidRunbook : FailureType.UnknownRunbook,
                    plans.whyMissing(runbook)));
  }

  @Override
  public void checkInputs(List<PlanInput> declared, Map<String, Object> inputs) {
    InputCheck.problem(declared, inputs, inventory)
        .ifPresent(
            problem -> {
              throw ActivityFailures.badInput(problem);
            });
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
