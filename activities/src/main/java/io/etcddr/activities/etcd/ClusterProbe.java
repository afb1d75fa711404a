package io.etcddr.activities.etcd;

import io.etcd.jetcd.cluster.Member;
import io.etcddr.activities.record.ClusterRecords;
import io.etcddr.activities.support.DaemonThreads;
import io.etcddr.contract.cluster.Generation;
import io.etcddr.contract.etcd.ClusterHealth;
import io.etcddr.contract.etcd.EndpointStatus;
import io.etcddr.contract.etcd.ForeignCluster;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Asks every address of a cluster at once and sorts the answers by the cluster ID in their headers:
 * the expected cluster's answers make the verdict, the others are foreign. When the cluster's
 * identity is not known yet, the first cluster seen healthy is adopted as its first generation.
 * Voters seen with quorum are kept in the record ({@link VoterSightings}): what a failover loses.
 */
public final class ClusterProbe {

  /** Its own threads: the common pool has one thread on two cores and would ask in turn. */
  private static final ExecutorService ASKERS =
      Executors.newCachedThreadPool(DaemonThreads.named("etcd-status"));

  private final ClusterRecords records;
  private final VoterSightings sightings;

  public ClusterProbe(ClusterRecords records) {
    this.records = records;
    this.sightings = new VoterSightings(records);
  }

  /**
   * @param adopt whether a healthy cluster of unknown identity becomes the first generation, and
   *     voters seen with quorum are kept (not for explicit endpoints: they may be a scratch or a
   *     restored cluster)
   */
  public ClusterHealth status(EtcdCluster cluster, Duration timeout, boolean adopt) {
    List<String> all = new ArrayList<>(cluster.endpoints());
    all.addAll(cluster.watched());
    List<CompletableFuture<EndpointStatus>> asked =
        all.stream()
            .map(
                e ->
                    CompletableFuture.supplyAsync(
                        () -> EndpointProbe.ask(e, cluster.tls(), timeout), ASKERS))
            .toList();
    List<EndpointStatus> answers = asked.stream().map(CompletableFuture::join).toList();
    Map<String, Verdict> byId = verdicts(answers, cluster.tls(), timeout);

    String expected = cluster.expectedId();
    int generation = cluster.generation();
    String refused = "";
    if (expected == null) {
      Optional<String> healthy = onlyHealthy(byId, cluster.endpoints());
      if (healthy.isPresent() && adopt && byId.size() > 1) {
        // an identity is adopted only when nothing contradicts it: two clusters may be an old
        // site come back beside the generation a lost record knew
        refused = "two cluster IDs answer (" + String.join(", ", byId.keySet()) + "): none adopted";
        expected = healthy.get();
      } else if (healthy.isPresent() && adopt) {
        Optional<Generation> adopted = adopt(cluster, healthy.get(), byId.get(healthy.get()));
        expected = adopted.map(Generation::clusterId).orElse(healthy.get());
        generation = adopted.map(Generation::number).orElse(0);
        if (adopted.isEmpty()) {
          refused =
              records
                  .find(cluster.name())
                  .map(io.etcddr.contract.cluster.ClusterRecord::adoptionRefused)
                  .orElse("");
        }
      } else {
        expected = healthy.orElseGet(() -> mostAnswered(byId, cluster.endpoints()));
      }
    }
    List<EndpointStatus> current = new ArrayList<>();
    for (EndpointStatus answer : answers) {
      boolean ours =
          answer.reachable()
              ? answer.clusterId().equals(expected)
              : cluster.endpoints().contains(answer.endpoint());
      if (ours) {
        current.add(answer.reachable() ? named(answer, byId.get(expected)) : answer);
      }
    }
    Verdict ours = byId.get(expected);
    ClusterHealth health =
        HealthVerdict.of(
            current, ours == null ? Set.of() : ours.voterIds, ours == null ? Map.of() : ours.names);
    List<ForeignCluster> foreign = new ArrayList<>();
    for (Map.Entry<String, Verdict> other : byId.entrySet()) {
      if (!other.getKey().equals(expected)) {
        foreign.add(other.getValue().asForeign(other.getKey()));
      }
    }
    ClusterHealth identified = health.identified(expected, generation, foreign, refused);
    if (adopt) { // endpoints a step named (a scratch or restored cluster) are not the voters
      sightings.saw(cluster.name(), identified);
    }
    return identified;
  }

  /** One cluster's answers and its member list (from one of its voters), when it gave one. */
  private record Verdict(
      List<EndpointStatus> answers,
      Set<String> voterIds,
      Map<String, String> names,
      List<Member> members) {

    ClusterHealth health() {
      return HealthVerdict.of(answers, voterIds, names);
    }

    ForeignCluster asForeign(String id) {
      ClusterHealth health = health();
      return new ForeignCluster(
          id, health.reachable(), health.leader(), health.revision(), health.quorum());
    }
  }

  private static Map<String, Verdict> verdicts(
      List<EndpointStatus> answers, EtcdTls tls, Duration timeout) {
    Map<String, List<EndpointStatus>> grouped = new LinkedHashMap<>();
    answers.stream()
        .filter(EndpointStatus::reachable)
        .forEach(a -> grouped.computeIfAbsent(a.clusterId(), id -> new ArrayList<>()).add(a));
    Map<String, Verdict> out = new LinkedHashMap<>();
    grouped.forEach(
        (id, group) -> {
          List<Member> members = memberList(group, tls, timeout);
          Set<String> voters = new LinkedHashSet<>();
          Map<String, String> names = new HashMap<>();
          for (Member member : members) {
            names.put(Long.toHexString(member.getId()), member.getName());
            if (!member.isLearner()) {
              voters.add(Long.toHexString(member.getId()));
            }
          }
          out.put(id, new Verdict(group, voters, names, members));
        });
    return out;
  }

  /**
   * A voter's member list: a learner refuses membership calls ("rpc not supported for learner").
   */
  private static List<Member> memberList(
      List<EndpointStatus> group, EtcdTls tls, Duration timeout) {
    for (EndpointStatus answer : group) {
      if (answer.answeringVoter()) {
        Optional<List<Member>> members = EndpointProbe.members(answer.endpoint(), tls, timeout);
        if (members.isPresent()) {
          return members.get();
        }
      }
    }
    return List.of();
  }

  /** The one cluster ID that has quorum at the current endpoints, when exactly one has. */
  private static Optional<String> onlyHealthy(Map<String, Verdict> byId, List<String> endpoints) {
    List<String> healthy =
        byId.entrySet().stream()
            .filter(
                e ->
                    e.getValue().answers().stream().anyMatch(a -> endpoints.contains(a.endpoint())))
            .filter(e -> e.getValue().health().quorum())
            .map(Map.Entry::getKey)
            .toList();
    return healthy.size() == 1 ? Optional.of(healthy.get(0)) : Optional.empty();
  }

  /**
   * Without a healthy cluster, the ID most current endpoints answer with (a learner alone, say).
   */
  private static String mostAnswered(Map<String, Verdict> byId, List<String> endpoints) {
    return byId.entrySet().stream()
        .max(
            java.util.Comparator.comparingLong(
                e ->
                    e.getValue().answers().stream()
                        .filter(a -> endpoints.contains(a.endpoint()))
                        .count()))
        .map(Map.Entry::getKey)
        .orElse("");
  }

  private Optional<Generation> adopt(EtcdCluster cluster, String id, Verdict verdict) {
    List<Generation.Member> members =
        verdict.members().stream()
            .map(
                m ->
                    new Generation.Member(
                        Long.toHexString(m.getId()),
                        m.getName(),
                        m.getPeerURIs().stream().map(URI::toString).toList(),
                        m.getClientURIs().stream().map(URI::toString).toList(),
                        m.isLearner()))
            .toList();
    return records.adopt(
        cluster.name(),
        new Generation.Proposal(id, members, cluster.endpoints(), "adopted", null, null));
  }

  private static EndpointStatus named(EndpointStatus answer, Verdict verdict) {
    return verdict == null ? answer : answer.named(verdict.names().get(answer.id()));
  }
}
