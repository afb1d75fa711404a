package io.etcddr.contract.cluster;

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
    String summary) {}
