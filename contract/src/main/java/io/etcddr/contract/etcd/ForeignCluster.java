package io.etcddr.contract.etcd;

import java.util.List;

/**
 * An etcd cluster that answers at one of a cluster's addresses but carries another cluster ID: an
 * older generation come back (its site powered on again), or a stranger. It never counts for
 * quorum, leader, snapshot, verify or membership.
 */
public record ForeignCluster(
    String clusterId, List<String> endpoints, String leader, long revision, boolean quorum) {

  public ForeignCluster {
    endpoints = List.copyOf(endpoints);
  }

  /** How operators read it in a refusal. */
  public String describe() {
    return "cluster ID "
        + clusterId
        + " at "
        + String.join(", ", endpoints)
        + (quorum ? " (quorum, leader " + leader + ", revision " + revision + ")" : " (no quorum)");
  }
}
