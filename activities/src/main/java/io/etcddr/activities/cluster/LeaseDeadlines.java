package io.etcddr.activities.cluster;

import io.etcddr.contract.cluster.AgentSeen;
import io.etcddr.contract.cluster.ClusterRecord;
import io.etcddr.contract.cluster.FenceOrder;
import io.etcddr.contract.cluster.LearnerHeard;
import io.etcddr.contract.cluster.LeaseDeadline;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/**
 * Computes the {@link LeaseDeadline} by which a cut-off site has fenced itself, from the cluster's
 * record.
 */
final class LeaseDeadlines {

  private LeaseDeadlines() {}

  /**
   * Covers the report an agent may have sent that the record had not taken when it was read (an
   * agent counts a contact from the moment it sent a report the record then took, and reports every
   * {@link AgentSeen#REPORT_EVERY}), the agents' one-second checks, and kube-apiserver's and etcd's
   * stops.
   */
  static final Duration MARGIN = AgentSeen.REPORT_EVERY.plusSeconds(5);

  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  /**
   * @param runId the run asking: only its own fence orders count (an older failover's FENCED orders
   *     say nothing about today's site)
   */
  static LeaseDeadline of(
      Optional<ClusterRecord> record, List<String> nodes, String site, Instant now, String runId) {
    if (!nodes.isEmpty()
        && nodes.stream().allMatch(n -> record.map(r -> fencedBy(r, n, runId)).orElse(false))) {
      return new LeaseDeadline(
          true,
          0,
          now.toEpochMilli(),
          0,
          site
              + " is fenced: this run's fence orders were carried out on "
              + String.join(", ", nodes));
    }
    List<AgentSeen> seen =
        nodes.stream()
            .map(n -> record.flatMap(r -> r.agentSeen(n)))
            .flatMap(Optional::stream)
            .toList();
    if (seen.isEmpty()) {
      return new LeaseDeadline(
          false,
          0,
          0,
          0,
          "no agent of "
              + site
              + " ever reported a lease ("
              + String.join(", ", nodes)
              + "): if it is alive, nothing fences it by itself");
    }
    long lastHeard = seen.stream().mapToLong(AgentSeen::at).max().orElse(0);
    Optional<LearnerHeard> learner = record.map(ClusterRecord::learnerHeard);
    if (learner.isPresent()) {
      lastHeard = Math.max(lastHeard, learner.get().at());
    }
    long fenceAfter = seen.stream().mapToLong(AgentSeen::fenceAfterMillis).max().orElse(0);
    long fencedBy = lastHeard + fenceAfter + MARGIN.toMillis();
    return new LeaseDeadline(
        true,
        lastHeard,
        fencedBy,
        Math.max(0, fencedBy - now.toEpochMilli()),
        site
            + " last heard at "
            + CLOCK.format(Instant.ofEpochMilli(lastHeard))
            + "; it has fenced itself by "
            + CLOCK.format(Instant.ofEpochMilli(fencedBy))
            + " if it is alive");
  }

  private static boolean fencedBy(ClusterRecord record, String node, String runId) {
    return record.fences().stream()
        .anyMatch(
            f ->
                f.node().equals(node)
                    && f.state() == FenceOrder.State.FENCED
                    && runId != null
                    && runId.equals(f.runId()));
  }
}
