package io.etcddr.contract.etcd;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The verdict of `etcd.status` on the cluster it expects (by cluster ID): quorum exists when more
 * than half of the voters answer and they agree on a leader that is one of them. A learner's view
 * of the leader is never trusted: after the voters die it keeps showing the old leader for 15 s and
 * more (docs/facts.md). Clusters with another ID are {@code foreign}; one of them with quorum is a
 * split brain.
 *
 * @param members the expected cluster's endpoints, answering or not
 * @param clusterId the ID this cluster is known by (empty when no answer told it)
 * @param generation the cluster's current generation, 0 when none is recorded
 * @param learnerLag revisions the slowest answering learner is behind the voters right now (0
 *     without a learner or a voter answering): what a failover at this moment would lose
 * @param adoptionRefused why no identity was adopted for a cluster without one (empty otherwise)
 */
public record ClusterHealth(
    boolean quorum,
    String leader,
    List<EndpointStatus> members,
    List<String> reachable,
    List<String> unreachable,
    List<String> learners,
    long revision,
    String clusterId,
    int generation,
    boolean splitBrain,
    List<ForeignCluster> foreign,
    long learnerLag,
    String adoptionRefused) {

  /** This verdict as the cluster known by {@code clusterId}, beside the foreign ones. */
  public ClusterHealth identified(String id, int number, List<ForeignCluster> others) {
    return identified(id, number, others, "");
  }

  public ClusterHealth identified(
      String id, int number, List<ForeignCluster> others, String refusedAdoption) {
    return new ClusterHealth(
        quorum,
        leader,
        members,
        reachable,
        unreachable,
        learners,
        revision,
        id == null ? clusterId : id,
        number,
        others.stream().anyMatch(ForeignCluster::quorum),
        others,
        learnerLag,
        refusedAdoption == null ? "" : refusedAdoption);
  }

  /** One line naming both sides of a split brain, for refusals. */
  public String splitBrainReason(String cluster) {
    String foreignClusters =
        foreign.stream()
            .filter(ForeignCluster::quorum)
            .map(ForeignCluster::describe)
            .collect(Collectors.joining("; "));
    return "split brain: cluster `"
        + cluster
        + "` is generation "
        + generation
        + " (cluster ID "
        + clusterId
        + " at "
        + String.join(", ", reachable)
        + ") but "
        + foreignClusters
        + " also serves; fence the old members (etcd-dr cluster status "
        + cluster
        + " lists the fence orders) before snapshotting or drilling";
  }
}
