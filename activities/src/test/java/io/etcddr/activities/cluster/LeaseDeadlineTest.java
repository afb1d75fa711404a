package io.etcddr.activities.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.etcddr.cluster.AgentSeen;
import io.etcddr.cluster.ClusterRecord;
import io.etcddr.cluster.LearnerHeard;
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
        LeaseDeadline.of(Optional.of(record), SITE_A, "site A", Instant.ofEpochMilli(T0 + 2_000));

    assertThat(deadline.fencedBy()).isEqualTo(T0 + 20_000);
    assertThat(deadline.waitMillis()).isEqualTo(18_000);
    assertThat(deadline.summary())
        .isEqualTo(
            "site A last heard at 12:00:00 UTC; it has fenced itself by 12:00:20 UTC if it is"
                + " alive");
  }

  @Test
  void aLearnerThatHeardTheSiteLaterMovesTheDeadline() {
    ClusterRecord record =
        record(
            List.of(new AgentSeen("master1", 15_000, T0)),
            new LearnerHeard("https://10.1.2.21:2379", 900, T0 + 30_000));

    LeaseDeadline deadline =
        LeaseDeadline.of(Optional.of(record), SITE_A, "site A", Instant.ofEpochMilli(T0 + 40_000));

    assertThat(deadline.lastHeard()).isEqualTo(T0 + 30_000);
    assertThat(deadline.fencedBy()).isEqualTo(T0 + 50_000);
    assertThat(deadline.waitMillis()).isEqualTo(10_000);
  }

  @Test
  void agentsThatNeverReportedALeaseAreSaidToFenceNothing() {
    LeaseDeadline deadline =
        LeaseDeadline.of(Optional.empty(), SITE_A, "site A", Instant.ofEpochMilli(T0));

    assertThat(deadline.known()).isFalse();
    assertThat(deadline.waitMillis()).isZero();
    assertThat(deadline.summary()).contains("nothing fences it by itself");
  }

  private static ClusterRecord record(List<AgentSeen> seen, LearnerHeard learner) {
    return new ClusterRecord(
        "lab", List.of(), List.of(), List.of(), List.of(), null, List.of(), null, seen, learner,
        List.of());
  }
}
