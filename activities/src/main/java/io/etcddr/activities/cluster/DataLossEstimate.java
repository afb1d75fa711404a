package io.etcddr.activities.cluster;

import io.etcddr.contract.cluster.ClusterRecord;
import io.etcddr.contract.cluster.DataLoss;
import io.etcddr.contract.cluster.DrillFigures;
import io.etcddr.contract.cluster.VoterSighting;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * Estimates the {@link DataLoss} of a failover from the learner's revision and the cluster's
 * record.
 */
final class DataLossEstimate {

  private DataLossEstimate() {}

  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  /**
   * @param learnerRevision the learner's applied revision, or -1 when it does not answer
   * @param voterSite how the voters' site is named in the summary ("site A")
   */
  static DataLoss estimate(
      long learnerRevision, Optional<ClusterRecord> record, String voterSite, Instant now) {
    Optional<VoterSighting> last = record.flatMap(ClusterRecord::lastSighting);
    Optional<DrillFigures> drill = record.map(ClusterRecord::lastDrill);
    long drillLag = drill.map(DrillFigures::lagRevisions).orElse(-1L);
    String drillText =
        drill
            .map(
                d ->
                    " The last drill ("
                        + age(Duration.ofMillis(now.toEpochMilli() - d.at()))
                        + " ago) found the learner "
                        + d.lagRevisions()
                        + " revisions behind at its cut.")
            .orElse(" No learner-drill has measured the lag yet.");
    if (last.isEmpty() || learnerRevision < 0) {
      String learner =
          learnerRevision < 0
              ? "The learner does not answer: its revision is unknown."
              : "The learner has applied revision " + learnerRevision + ".";
      return new DataLoss(
          learnerRevision,
          last.map(VoterSighting::revision).orElse(-1L),
          last.map(VoterSighting::seenAt).orElse(0L),
          -1,
          0,
          -1,
          last.map(s -> seconds(now.toEpochMilli() - s.seenAt())).orElse(-1L),
          drillLag,
          learner
              + (last.isEmpty()
                  ? " No worker has recorded the voters' revision: what is lost is unknown."
                  : "")
              + drillText);
    }
    VoterSighting seen = last.get();
    long lost = Math.max(0, seen.revision() - learnerRevision);
    Optional<VoterSighting> before = record.get().lastSightingAtOrBelow(learnerRevision);
    long lostAfter = lost == 0 ? seen.seenAt() : before.map(VoterSighting::seenAt).orElse(0L);
    long unseen = seconds(now.toEpochMilli() - seen.seenAt());
    String after =
        before.isPresent() || lost == 0
            ? "after " + CLOCK.format(Instant.ofEpochMilli(lostAfter))
            : "before "
                + CLOCK.format(Instant.ofEpochMilli(record.get().sightings().get(0).seenAt()))
                + " (older than every sighting kept)";
    String summary =
        "The learner has applied revision "
            + learnerRevision
            + "; the voters were last seen at revision "
            + seen.revision()
            + " at "
            + CLOCK.format(Instant.ofEpochMilli(seen.seenAt()))
            + " ("
            + unseen
            + " s ago): at least "
            + lost
            + " revisions written in "
            + voterSite
            + " "
            + after
            + " are lost, and whatever "
            + voterSite
            + " wrote after "
            + CLOCK.format(Instant.ofEpochMilli(seen.seenAt()))
            + "."
            + drillText;
    return new DataLoss(
        learnerRevision,
        seen.revision(),
        seen.seenAt(),
        lost,
        lostAfter,
        lostAfter == 0 ? -1 : seconds(seen.seenAt() - lostAfter),
        unseen,
        drillLag,
        summary);
  }

  private static long seconds(long millis) {
    return Math.max(0, Math.round(millis / 1000.0));
  }

  private static String age(Duration age) {
    if (age.toDays() > 0) {
      return age.toDays() + " d";
    }
    if (age.toHours() > 0) {
      return age.toHours() + " h";
    }
    return Math.max(0, age.toMinutes()) + " min";
  }
}
