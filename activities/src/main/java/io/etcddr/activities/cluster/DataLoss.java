package io.etcddr.activities.cluster;

import io.etcddr.cluster.ClusterRecord;
import io.etcddr.cluster.DrillFigures;
import io.etcddr.cluster.VoterSighting;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * What a failover onto the learner loses, from what is known before anyone approves it: the
 * learner's applied revision, the voters' last revision and when a worker saw it (the cluster's
 * record), and the last drill. Every revision above the learner's is lost; those between the
 * learner and the voters' last sighting were seen written, so "at least" that many; whatever the
 * voters wrote after they were last seen is unknown.
 *
 * @param learnerRevision the learner's applied revision (-1: it does not answer)
 * @param votersRevision the voters' revision when last seen (-1: never seen)
 * @param votersSeenAt when, epoch ms (0: never)
 * @param lostRevisions at least this many revisions are lost (-1: unknown)
 * @param lostAfter the lost revisions were written after this moment, epoch ms (0: unknown)
 * @param lagSeconds how far behind the learner was in time, at most: voters seen minus lost after
 * @param unseenSeconds how long before now the voters were last seen
 * @param lastDrillLag the last drill's lag at its cut, revisions (-1: no drill yet)
 * @param summary the same in one line for the approval prompt
 */
public record DataLoss(
    long learnerRevision,
    long votersRevision,
    long votersSeenAt,
    long lostRevisions,
    long lostAfter,
    long lagSeconds,
    long unseenSeconds,
    long lastDrillLag,
    String summary) {

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
