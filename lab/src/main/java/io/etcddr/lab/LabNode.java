package io.etcddr.lab;

import java.util.ArrayList;
import java.util.List;

/**
 * A simulated node: RKE's hostname_override, its address in the lab's network (its own namespace),
 * its site and RKE roles.
 */
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
   * @param firstAddress the lab's loopback block (the CLI's lab .101, tests their own from .110):
   *     its last number is the lab's network number, so labs side by side never share addresses
   */
  public static List<LabNode> standardLayout(String firstAddress) {
    String[] parts = firstAddress.split("\\.");
    LabNetwork network = new LabNetwork(Integer.parseInt(parts[3]));
    List<String> master = List.of("controlplane", "etcd", "worker");
    List<LabNode> nodes = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      nodes.add(new LabNode("master" + (i + 1), network.nodeAddress("A", i), "A", master));
    }
    // node1 also runs a control plane in site B: the API server that must come back after a loss
    // of site A, and where add-learner puts the standby.
    nodes.add(
        new LabNode("node1", network.nodeAddress("B", 0), "B", List.of("controlplane", "worker")));
    nodes.add(new LabNode("node2", network.nodeAddress("B", 1), "B", List.of("worker")));
    return List.copyOf(nodes);
  }

  /** The lab network these nodes' addresses belong to (10.ID.S.H). */
  static LabNetwork networkOf(List<LabNode> nodes) {
    return new LabNetwork(Integer.parseInt(nodes.get(0).address().split("\\.")[1]));
  }
}
