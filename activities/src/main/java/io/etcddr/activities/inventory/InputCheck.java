package io.etcddr.activities.inventory;

import io.etcddr.contract.PlanInput;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A run's inputs against the inventory, before the run exists: the `cluster` input names a
 * described cluster, and every `node`/`list<node>` input names nodes of it (of any cluster when the
 * runbook has no cluster input). A typo would otherwise start a run that waits on a task queue
 * nobody polls, and hold the cluster's one run slot meanwhile.
 */
public final class InputCheck {

  public static final String CLUSTER_INPUT = "cluster";

  private InputCheck() {}

  /** The first problem, as one line naming the input and what is known; empty when all is well. */
  public static Optional<String> problem(
      List<PlanInput> declared, Map<String, Object> inputs, ClusterInventory inventory) {
    try {
      Set<String> nodes = new LinkedHashSet<>();
      String clusterName = null;
      boolean hasCluster =
          declared.stream()
              .anyMatch(i -> i.name().equals(CLUSTER_INPUT) && i.type().equals("string"));
      if (hasCluster && inputs.get(CLUSTER_INPUT) != null) {
        clusterName = String.valueOf(inputs.get(CLUSTER_INPUT));
        Optional<Cluster> cluster = inventory.find(clusterName);
        if (cluster.isEmpty()) {
          return Optional.of(
              "input `cluster`: no cluster `"
                  + clusterName
                  + "` in the inventory "
                  + inventory.directory()
                  + "; known clusters: "
                  + known(inventory.names()));
        }
        Optional<String> shared = inventory.sharedNodeName(cluster.get());
        if (shared.isPresent()) {
          return Optional.of("input `cluster`: " + shared.get());
        }
        cluster.get().nodes().forEach(n -> nodes.add(n.name()));
      } else {
        for (String name : inventory.names()) {
          inventory.find(name).ifPresent(c -> c.nodes().forEach(n -> nodes.add(n.name())));
        }
      }
      for (PlanInput input : declared) {
        for (String node : named(input, inputs.get(input.name()))) {
          if (!nodes.contains(node)) {
            return Optional.of(
                "input `"
                    + input.name()
                    + "`: `"
                    + node
                    + "` is not a node of "
                    + (clusterName == null ? "any cluster" : "cluster `" + clusterName + "`")
                    + "; its nodes are "
                    + known(new ArrayList<>(nodes)));
          }
        }
      }
      return Optional.empty();
    } catch (ClusterInventory.InventoryException e) {
      return Optional.of("input `cluster`: " + e.getMessage());
    }
  }

  /** The nodes an input names; an optional node input left empty ("") names none. */
  private static List<String> named(PlanInput input, Object value) {
    if (value == null || "".equals(value)) {
      return List.of();
    }
    return switch (input.type()) {
      case "node" -> List.of(String.valueOf(value));
      case "list<node>" ->
          value instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
      default -> List.of();
    };
  }

  private static String known(List<String> names) {
    return names.isEmpty() ? "none" : String.join(", ", names);
  }
}
