package io.etcddr.lab;

import java.util.ArrayList;
import java.util.List;

/** A simulated node: RKE's hostname_override, its loopback address, its site and RKE roles. */
public record LabNode(String name, String address, String site, List<String> roles) {

  public boolean etcd() {
    return roles.contains("etcd");
  }

  public boolean controlplane() {
    return roles.contains("controlplane");
  }

  /**
   * The original cluster's layout: three masters (controlplane, etcd, worker) in site A; in site B
   * node1 (controlplane, worker) and node2 (worker).
   *
   * @param firstAddress the first of five consecutive loopback addresses (the lab owns .101–.105;
   *     tests pass their own range)
   */
  public static List<LabNode> standardLayout(String firstAddress) {
    String[] parts = firstAddress.split("\\.");
    int last = Integer.parseInt(parts[3]);
    String prefix = parts[0] + "." + parts[1] + "." + parts[2] + ".";
    List<String> master = List.of("controlplane", "etcd", "worker");
    List<LabNode> nodes = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      nodes.add(new LabNode("master" + (i + 1), prefix + (last + i), "A", master));
    }
    // node1 also runs a control plane in site B: the API server that must come back after a loss
    // of site A, and where add-learner puts the standby.
    nodes.add(new LabNode("node1", prefix + (last + 3), "B", List.of("controlplane", "worker")));
    nodes.add(new LabNode("node2", prefix + (last + 4), "B", List.of("worker")));
    return List.copyOf(nodes);
  }
}
