package io.etcddr.activities.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.etcddr.contract.cluster.ClusterRecord;
import io.etcddr.contract.cluster.DataLoss;
import io.etcddr.contract.cluster.DrillFigures;
import io.etcddr.contract.cluster.VoterSighting;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the approval prompt says a failover loses, from the record's sightings and the learner. */
class DataLossTest {

  private static final Instant NOW = Instant.parse("2026-12-04T12:00:30Z");
  private static final long T0 = Instant.parse("2026-12-04T12:00:00Z").toEpochMilli();

  @Test
  void revisionsAboveTheLearnersAreLostAndDatedByTheLastSightingBelowIt() {
    ClusterRecord record =
        record(
            List.of(
                new VoterSighting("aaa", 1_000, T0),
                new VoterSighting("aaa", 1_400, T0 + 5_000),
                new VoterSighting("aaa", 4_000, T0 + 10_000)),
            new DrillFigures(25, 0, 1200, "learner-drill/lab", T0 - 3_600_000));

    DataLoss loss = DataLossEstimate.estimate(1_200, Optional.of(record), "site A", NOW);

    assertThat(loss.lostRevisions()).isEqualTo(2_800);
    assertThat(loss.votersRevision()).isEqualTo(4_000);
    assertThat(loss.lostAfter()).isEqualTo(T0);
    assertThat(loss.lagSeconds()).isEqualTo(10);
    assertThat(loss.unseenSeconds()).isEqualTo(20);
    assertThat(loss.lastDrillLag()).isEqualTo(25);
    assertThat(loss.summary())
        .isEqualTo(
            "The learner has applied revision 1200; the voters were last seen at revision 4000 at"
                + " 12:00:10 UTC (20 s ago): at least 2800 revisions written in site A after"
                + " 12:00:00 UTC are lost, and whatever site A wrote after 12:00:10 UTC. The last"
                + " drill (1 h ago) found the learner 25 revisions behind at its cut.");
  }

  @Test
  void aLearnerAsCurrentAsTheVotersLosesOnlyWhatCameAfterTheyWereSeen() {
    ClusterRecord record = record(List.of(new VoterSighting("aaa", 500, T0)), null);

    DataLoss loss = DataLossEstimate.estimate(500, Optional.of(record), "site A", NOW);

    assertThat(loss.lostRevisions()).isZero();
    assertThat(loss.summary())
        .contains("at least 0 revisions")
        .contains("whatever site A wrote after 12:00:00 UTC")
        .contains("No learner-drill has measured the lag yet.");
  }

  @Test
  void withoutASightingOrAnAnsweringLearnerTheLossIsUnknown() {
    DataLoss never = DataLossEstimate.estimate(800, Optional.empty(), "site A", NOW);
    DataLoss silent =
        DataLossEstimate.estimate(
            -1, Optional.of(record(List.of(new VoterSighting("aaa", 5, T0)), null)), "A", NOW);

    assertThat(never.lostRevisions()).isEqualTo(-1);
    assertThat(never.summary()).contains("No worker has recorded the voters' revision");
    assertThat(silent.lostRevisions()).isEqualTo(-1);
    assertThat(silent.summary()).startsWith("The learner does not answer");
  }

  @Test
  void aLagOlderThanEverySightingKeptSaysSo() {
    ClusterRecord record = record(List.of(new VoterSighting("aaa", 900, T0)), null);

    DataLoss loss = DataLossEstimate.estimate(100, Optional.of(record), "site A", NOW);

    assertThat(loss.lostRevisions()).isEqualTo(800);
    assertThat(loss.lostAfter()).isZero();
    assertThat(loss.summary()).contains("before 12:00:00 UTC (older than every sighting kept)");
  }

  private static ClusterRecord record(List<VoterSighting> sightings, DrillFigures drill) {
    return new ClusterRecord(
        "lab", List.of(), List.of(), List.of(), sightings, drill, List.of(), null, List.of(), null,
        List.of());
  }
}
