package io.etcddr.contract.cluster;

/**
 * The voters of the current generation as a worker last saw them answer with quorum: their revision
 * and when. Kept in the cluster's record, so what a failover loses can be told before anyone
 * approves it, also by a worker that started after the voters went silent.
 *
 * @param clusterId the generation's etcd cluster ID the voters answered with
 * @param revision the highest revision a voter answered with
 * @param seenAt epoch milliseconds, the worker's clock
 */
public record VoterSighting(String clusterId, long revision, long seenAt) {}
