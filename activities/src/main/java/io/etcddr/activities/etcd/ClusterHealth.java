package io.etcddr.activities.etcd;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The verdict of `etcd.status`: quorum exists when more than half of the voters answer and they
 * agree on a leader that is one of them. A learner's view of the leader is never trusted: after the
 * voters die it keeps showing the old leader for 15 s and more (ETCD-FACTS.md).
 */
public record ClusterHealth(
    boolean quorum,
    String leader,
    List<EndpointStatus> members,
    List<String> reachable,
    List<String> unreachable,
    List<String> learners,
    long revision) {

  /**
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
            .orElse(0));
  }
}
