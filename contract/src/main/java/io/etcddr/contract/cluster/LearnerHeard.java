package io.etcddr.contract.cluster;

/**
 * The last time a worker saw a learner's applied index move: it was then still hearing from the
 * voters' site. A failover bounds when that site lost its last contact by the later of this and its
 * agents' last report.
 *
 * @param endpoint the learner's client URL
 * @param appliedIndex its raft applied index then
 * @param at epoch milliseconds, the worker's clock
 */
public record LearnerHeard(String endpoint, long appliedIndex, long at) {}
