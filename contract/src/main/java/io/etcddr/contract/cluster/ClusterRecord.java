package io.etcddr.contract.cluster;

import java.util.List;
import java.util.Optional;

/**
 * Everything etcd-dr knows durably about one cluster: its generations (the last is current), the
 * fence orders against nodes of the lost sites, the alert incidents that started runs, the recent
 * sightings of its voters (oldest first), the last drill's figures, and — while no generation is
 * recorded — what the nodes' own notes say and why adoption was refused; when each node's agent and
 * the learner last showed signs of life (what a failover waits out). It lives in the cluster's
 * {@link ClusterWorkflow}, so every worker and agent process sees the same.
 */
public record ClusterRecord(
    String cluster,
    List<Generation> generations,
    List<FenceOrder> fences,
    List<Incident> incidents,
    List<VoterSighting> sightings,
    DrillFigures lastDrill,
    List<NodeReport> nodeReports,
    String adoptionRefused,
    List<AgentSeen> agentsSeen,
    LearnerHeard learnerHeard,
    List<Release> releases) {

  public ClusterRecord {
    generations = generations == null ? List.of() : List.copyOf(generations);
    fences = fences == null ? List.of() : List.copyOf(fences);
    incidents = incidents == null ? List.of() : List.copyOf(incidents);
    sightings = sightings == null ? List.of() : List.copyOf(sightings);
    nodeReports = nodeReports == null ? List.of() : List.copyOf(nodeReports);
    agentsSeen = agentsSeen == null ? List.of() : List.copyOf(agentsSeen);
    releases = releases == null ? List.of() : List.copyOf(releases);
  }

  public ClusterRecord(
      String cluster,
      List<Generation> generations,
      List<FenceOrder> fences,
      List<Incident> incidents) {
    this(
        cluster,
        generations,
        fences,
        incidents,
        List.of(),
        null,
        List.of(),
        null,
        List.of(),
        null,
        List.of());
  }

  public static ClusterRecord empty(String cluster) {
    return new ClusterRecord(cluster, List.of(), List.of(), List.of());
  }

  /** When the agent of {@code node} last reached the witness, if it ever did. */
  public Optional<AgentSeen> agentSeen(String node) {
    return agentsSeen.stream().filter(a -> a.node().equals(node)).findFirst();
  }

  /** The voters of the current generation as last seen answering with quorum. */
  public Optional<VoterSighting> lastSighting() {
    return sightings.isEmpty()
        ? Optional.empty()
        : Optional.of(sightings.get(sightings.size() - 1));
  }

  /**
   * The last sighting at which the voters had not gone past {@code revision}: every revision above
   * it was written after that moment. Empty when every sighting kept is past it.
   */
  public Optional<VoterSighting> lastSightingAtOrBelow(long revision) {
    return sightings.stream().filter(s -> s.revision() <= revision).reduce((a, b) -> b);
  }

  public Optional<Generation> current() {
    return generations.isEmpty()
        ? Optional.empty()
        : Optional.of(generations.get(generations.size() - 1));
  }

  /** The order against a node that is still waiting for its agent, if any. */
  public Optional<FenceOrder> pendingFence(String node) {
    return fences.stream()
        .filter(f -> f.node().equals(node) && f.state() == FenceOrder.State.ORDERED)
        .findFirst();
  }

  public Optional<Incident> incident(String key) {
    return incidents.stream().filter(i -> i.key().equals(key)).findFirst();
  }
}
