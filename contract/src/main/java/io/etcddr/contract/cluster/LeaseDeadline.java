package io.etcddr.contract.cluster;

import io.etcddr.contract.Key;

/**
 * When a lost site has fenced itself if it is in fact alive and only cut off: its nodes' agents
 * stop kube-apiserver and etcd once they have reached neither the witness nor another site for
 * their T_fence. The last sign of the site's contact is the later of its agents' last report to the
 * record and the last time the learner's raft index moved (the learner hears only from the voters'
 * site); the site is fenced by then plus T_fence plus a margin for the stop itself. A site whose
 * every node this run's fence orders have fenced (its agents answered and confirmed) is fenced now,
 * however recently it was heard: a reachable site keeps reporting, so its lease would never run
 * out.
 */
public record LeaseDeadline(
    @Key("whether any agent of the site ever reported a lease (old agents fence nothing)")
        boolean known,
    @Key("epoch ms of the last sign of contact (0 when unknown)") long lastHeard,
    @Key("epoch ms by which the site has fenced itself (0 when unknown)") long fencedBy,
    @Key("how long from now until then (0 when past or unknown)") long waitMillis,
    @Key("the same in one line, for the prompt") String summary) {}
