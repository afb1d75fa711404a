package io.etcddr.contract.cluster;

import io.etcddr.contract.Key;

/**
 * What a failover onto the learner loses, from what is known before anyone approves it: the
 * learner's applied revision, the voters' last revision and when a worker saw it (the cluster's
 * record), and the last drill. Every revision above the learner's is lost; those between the
 * learner and the voters' last sighting were seen written, so "at least" that many; whatever the
 * voters wrote after they were last seen is unknown.
 */
public record DataLoss(
    @Key("the learner's applied revision (-1: it does not answer)") long learnerRevision,
    @Key("the voters' revision when last seen (-1: never seen)") long votersRevision,
    @Key("when, epoch ms (0: never)") long votersSeenAt,
    @Key("at least this many revisions are lost (-1: unknown)") long lostRevisions,
    @Key("the lost revisions were written after this moment, epoch ms (0: unknown)") long lostAfter,
    @Key("how far behind the learner was in time, at most: voters seen minus lost after")
        long lagSeconds,
    @Key("how long before now the voters were last seen") long unseenSeconds,
    @Key("the last drill's lag at its cut, revisions (-1: no drill yet)") long lastDrillLag,
    @Key("the same in one line for the approval prompt") String summary) {}
