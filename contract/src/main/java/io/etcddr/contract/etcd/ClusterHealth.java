package io.etcddr.contract.etcd;

import io.etcddr.contract.Key;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The verdict of `etcd.status` on the cluster it expects (by cluster ID): quorum exists when more
 * than half of the voters answer and they agree on a leader that is one of them. A learner's view
 * of the leader is never trusted: after the voters die it keeps showing the old leader for 15 s and
 * more (docs/facts.md). Clusters with another ID are {@code foreign}; one of them with quorum is a
 * split brain.
 */
public record ClusterHealth(
    @Key("a majority of voters is reachable and has a leader") boolean quorum,
    @Key("leader member id (hex), empty without quorum") String leader,
    @Key("the expected cluster's endpoints, answering or not") List<EndpointStatus> members,
    @Key("endpoints that answered") List<String> reachable,
    @Key("endpoints that did not") List<String> unreachable,
    @Key("names of learner members") List<String> learners,
    @Key("highest revision seen") long revision,
    @Key("the ID this cluster is known by (empty when no answer told it)") String clusterId,
    @Key("the cluster's current generation, 0 when none is recorded") int generation,
    @Key("a cluster with another ID answers with quorum too") boolean splitBrain,
    @Key("clusters with another ID that answer: clusterId, endpoints, leader, revision, quorum")
        List<ForeignCluster> foreign,
    @Key(
            "revisions the slowest answering learner is behind the voters right now (0 without a"
                + " learner or a voter answering): what a failover at this moment would lose")
        long learnerLag,
    @Key("why no identity was adopted for a cluster without one (empty otherwise)")
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
