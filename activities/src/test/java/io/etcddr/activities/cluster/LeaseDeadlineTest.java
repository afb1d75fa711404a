package io.etcddr.activities.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.etcddr.contract.cluster.AgentSeen;
import io.etcddr.contract.cluster.ClusterRecord;
import io.etcddr.contract.cluster.FenceOrder;
import io.etcddr.contract.cluster.LearnerHeard;
import io.etcddr.contract.cluster.LeaseDeadline;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** By when a lost site has fenced itself, from its agents' reports and the learner's progress. */
class LeaseDeadlineTest {

  private static final long T0 = Instant.parse("2026-12-04T12:00:00Z").toEpochMilli();
  private static final List<String> SITE_A = List.of("master1", "master2", "master3");

  @Test
  void theLastAgentReportPlusItsLeaseAndAMargin() {
    ClusterRecord record =
        record(
            List.of(
                new AgentSeen("master1", 15_000, T0), new AgentSeen("master2", 15_000, T0 - 4_000)),
            null);

    LeaseDeadline deadline =
        LeaseDeadlines.of(
            Optional.of(record), SITE_A, "site A", Instant.ofEpochMilli(T0 + 2_000), "run-1");

    assertThat(deadline.fencedBy())
        .as("15 s of lease, 5 s of reporting, 5 s of stops")
        .isEqualTo(T0 + 25_000);
    assertThat(deadline.waitMillis()).isEqualTo(23_000);
    assertThat(deadline.summary())
        .isEqualTo(
            "site A last heard at 12:00:00 UTC; it has fenced itself by 12:00:25 UTC if it is"
                + " alive");
  }

  @Test
  void aLearnerThatHeardTheSiteLaterMovesTheDeadline() {
    ClusterRecord record =
        record(
            List.of(new AgentSeen("master1", 15_000, T0)),
            new LearnerHeard("https://10.1.2.21:2379", 900, T0 + 30_000));

    LeaseDeadline deadline =
        LeaseDeadlines.of(
            Optional.of(record), SITE_A, "site A", Instant.ofEpochMilli(T0 + 40_000), "run-1");

    assertThat(deadline.lastHeard()).isEqualTo(T0 + 30_000);
    assertThat(deadline.fencedBy()).isEqualTo(T0 + 55_000);
    assertThat(deadline.waitMillis()).isEqualTo(15_000);
  }

  @Test
  void agentsThatNeverReportedALeaseAreSaidToFenceNothing() {
    LeaseDeadline deadline =
        LeaseDeadlines.of(Optional.empty(), SITE_A, "site A", Instant.ofEpochMilli(T0), "run-1");

    assertThat(deadline.known()).isFalse();
    assertThat(deadline.waitMillis()).isZero();
    assertThat(deadline.summary()).contains("nothing fences it by itself");
  }

  @Test
  void aReachableSiteThisRunFencedIsFencedNowAndAnOlderRunsOrdersDoNotCount() {
    List<AgentSeen> stillReporting =
        SITE_A.stream().map(n -> new AgentSeen(n, 15_000, T0 + 39_000)).toList();
    List<FenceOrder> fenced =
        SITE_A.stream().map(n -> order(n, "run-1", FenceOrder.State.FENCED)).toList();
    List<FenceOrder> twoFenced =
        List.of(
            order("master1", "run-1", FenceOrder.State.FENCED),
            order("master2", "run-1", FenceOrder.State.FENCED),
            order("master3", "run-1", FenceOrder.State.ORDERED));
    Instant now = Instant.ofEpochMilli(T0 + 40_000);

    LeaseDeadline thisRun =
        LeaseDeadlines.of(
            Optional.of(withFences(stillReporting, fenced)), SITE_A, "site A", now, "run-1");
    LeaseDeadline laterRun =
        LeaseDeadlines.of(
            Optional.of(withFences(stillReporting, fenced)), SITE_A, "site A", now, "run-2");
    LeaseDeadline notAll =
        LeaseDeadlines.of(
            Optional.of(withFences(stillReporting, twoFenced)), SITE_A, "site A", now, "run-1");

    assertThat(thisRun.waitMillis()).isZero();
    assertThat(thisRun.summary())
        .isEqualTo(
            "site A is fenced: this run's fence orders were carried out on master1, master2,"
                + " master3");
    assertThat(laterRun.waitMillis()).as("an older failover's orders").isEqualTo(24_000);
    assertThat(notAll.waitMillis()).as("master3 is not fenced yet").isEqualTo(24_000);
  }

  private static FenceOrder order(String node, String runId, FenceOrder.State state) {
    return new FenceOrder(
        node, "o-" + runId, state, List.of("etcd"), "/var/lib/etcd", "wf", runId, T0, T0, null);
  }

  private static ClusterRecord record(List<AgentSeen> seen, LearnerHeard learner) {
    return new ClusterRecord(
        "lab", List.of(), List.of(), List.of(), List.of(), null, List.of(), null, seen, learner,
        List.of());
  }

  private static ClusterRecord withFences(List<AgentSeen> seen, List<FenceOrder> fences) {
    return new ClusterRecord(
        "lab", List.of(), fences, List.of(), List.of(), null, List.of(), null, seen, null,
        List.of());
  }
}
