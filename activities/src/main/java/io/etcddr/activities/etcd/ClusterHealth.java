package io.etcddr.activities.etcd;

import java.util.List;
import java.util.Map;
import java.util.Set;
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

  /**
   * The verdict over one cluster's endpoints.
   *
   * @param voterIds ids of the cluster's voters when known (member list), else empty: then only the
   *     endpoints' own answers count
   */
  public static ClusterHealth of(
      List<EndpointStatus> endpoints, Set<String> voterIds, Map<String, String> names) {
    List<EndpointStatus> voters =
        endpoints.stream().filter(EndpointStatus::answeringVoter).toList();
    int voterCount =
        voterIds.isEmpty()
            ? (int) endpoints.stream().filter(e -> !Boolean.TRUE.equals(e.isLearner())).count()
            : voterIds.size();
    Set<String> answeringIds = voters.stream().map(EndpointStatus::id).collect(Collectors.toSet());
    Map<String, Long> leaderVotes =
        voters.stream()
            .filter(v -> v.leader() != null)
            .collect(Collectors.groupingBy(EndpointStatus::leader, Collectors.counting()));
    String leader =
        leaderVotes.entrySet().stream()
            .filter(e -> answeringIds.contains(e.getKey()) && e.getValue() > voterCount / 2)
            .map(Map.Entry::getKey)
            .findFirst()
            .orElse("");
    boolean quorum = voters.size() > voterCount / 2 && !leader.isEmpty();
    List<String> learners =
        endpoints.stream()
            .filter(e -> Boolean.TRUE.equals(e.isLearner()))
            .map(e -> names.getOrDefault(e.id(), e.id()))
            .toList();
    return new ClusterHealth(
        quorum,
        leader,
        endpoints,
        endpoints.stream().filter(EndpointStatus::reachable).map(EndpointStatus::endpoint).toList(),
        endpoints.stream().filter(e -> !e.reachable()).map(EndpointStatus::endpoint).toList(),
        learners,
        endpoints.stream()
            .filter(e -> e.revision() != null)
            .mapToLong(EndpointStatus::revision)
            .max()
            .orElse(0),
        endpoints.stream()
            .map(EndpointStatus::clusterId)
            .filter(id -> id != null)
            .findFirst()
            .orElse(""),
        0,
        false,
        List.of(),
        learnerLag(endpoints),
        "");
  }

  private static long learnerLag(List<EndpointStatus> endpoints) {
    var voters =
        endpoints.stream()
            .filter(EndpointStatus::answeringVoter)
            .filter(e -> e.revision() != null)
            .mapToLong(EndpointStatus::revision)
            .max();
    var learners =
        endpoints.stream()
            .filter(e -> e.reachable() && Boolean.TRUE.equals(e.isLearner()))
            .filter(e -> e.revision() != null)
            .mapToLong(EndpointStatus::revision)
            .min();
    return voters.isPresent() && learners.isPresent()
        ? Math.max(0, voters.getAsLong() - learners.getAsLong())
        : 0;
  }

  /** This verdict as the cluster known by {@code clusterId}, beside the foreign ones. */
  ClusterHealth identified(String id, int number, List<ForeignCluster> others) {
    return identified(id, number, others, "");
  }

  ClusterHealth identified(
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
