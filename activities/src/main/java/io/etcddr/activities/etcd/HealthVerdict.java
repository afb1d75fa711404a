package io.etcddr.activities.etcd;

import io.etcddr.contract.etcd.ClusterHealth;
import io.etcddr.contract.etcd.EndpointStatus;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Reaches the {@link ClusterHealth} verdict over one cluster's endpoint answers. */
final class HealthVerdict {

  private HealthVerdict() {}

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
}
