package io.etcddr.guard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What renews a node's lease, and from when: the record's sighting must never lag behind it. */
class LeaseClockTest {

  private static final long S = 1_000_000_000L;
  private final LeaseClock lease = new LeaseClock(Duration.ofSeconds(15), 100 * S);

  @Test
  void aNodeStartsWithAFullLeaseThatRunsOutAfterFenceAfter() {
    assertThat(lease.runOut(114 * S)).isFalse();
    assertThat(lease.runOut(115 * S)).isTrue();
  }

  @Test
  void aReportTheRecordTookRenewsTheLeaseAsOfWhenItWasSentNotWhenItWasTaken() {
    lease.reportTaken(110 * S); // sent at 110, taken (say) at 140 after a slow record
    assertThat(lease.runOut(124 * S)).isFalse();
    assertThat(lease.runOut(125 * S)).as("15 s after the send, whenever it was taken").isTrue();
  }

  @Test
  void anOlderReportTakenLateNeverShortensTheLease() {
    lease.peerAnswered(120 * S);
    lease.reportTaken(110 * S);
    assertThat(lease.runOut(134 * S)).isFalse();
  }

  @Test
  void anotherSiteAnsweringRenewsItAsOfNow() {
    lease.peerAnswered(112 * S);
    assertThat(lease.runOut(126 * S)).isFalse();
    assertThat(lease.runOut(127 * S)).isTrue();
  }
}
