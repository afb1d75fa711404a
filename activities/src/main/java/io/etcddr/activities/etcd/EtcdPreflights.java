package io.etcddr.activities.etcd;

import io.etcddr.activities.preflight.PreflightTable;
import io.etcddr.contract.Preflight;
import io.etcddr.contract.etcd.ClusterHealth;
import io.etcddr.contract.etcd.EtcdActivities.AddLearnerRequest;
import io.etcddr.contract.etcd.EtcdActivities.ClusterRef;
import io.etcddr.contract.etcd.EtcdActivities.MemberRef;
import io.etcddr.contract.etcd.EtcdActivities.MemberRequest;
import io.etcddr.contract.etcd.EtcdActivities.Members;
import io.etcddr.contract.etcd.EtcdActivities.VerifyRequest;
import java.util.Optional;

/**
 * What the worker's etcd steps would do, asked of the cluster as it is: the reads run as they are
 * (on activities whose records are read-only, so a status notes no sighting); a membership change
 * says what it would change and whether the cluster could take it now.
 */
final class EtcdPreflights {

  private final EtcdActivitiesImpl reads;

  EtcdPreflights(EtcdActivitiesImpl readOnly) {
    this.reads = readOnly;
  }

  PreflightTable table() {
    return new PreflightTable()
        .readsDeclaredBy(reads)
        .add("etcd.addLearner", AddLearnerRequest.class, (r, asked, c) -> addLearner(r))
        .add(
            "etcd.waitCaughtUp",
            MemberRequest.class,
            (r, asked, c) ->
                member(r.cluster(), r.member())
                    .map(m -> Preflight.ready("wait until " + m + " has caught up"))
                    .orElse(
                        Preflight.atRunTime(
                            "wait until " + r.member() + " has caught up",
                            r.member() + " is not a member yet: an earlier step adds it")))
        .add(
            "etcd.promote",
            MemberRef.class,
            (r, asked, c) -> changeMember(r, "promote", "to a voter"))
        .add(
            "etcd.removeMember",
            MemberRef.class,
            (r, asked, c) -> changeMember(r, "remove", "from the cluster"))
        .add(
            "etcd.verify",
            VerifyRequest.class,
            (r, asked, c) ->
                asked.unknown().isEmpty()
                    ? Preflight.ready(
                        "verify the cluster serves"
                            + (r.minRevision() == null ? "" : " from revision " + r.minRevision()))
                    : Preflight.atRunTime(
                        "verify the cluster the earlier steps make",
                        PreflightTable.waitsFor(asked)));
  }

  private Preflight addLearner(AddLearnerRequest request) {
    String would = "add " + request.name() + " (" + request.peerUrl() + ") as a learner";
    ClusterHealth health = reads.health(request.cluster());
    Members members = reads.members(new ClusterRef(request.cluster()), null);
    if (members.initialCluster().contains(request.peerUrl())
        || members.names().containsValue(request.name())) {
      return Preflight.ready("nothing: " + request.name() + " is already a member");
    }
    if (!health.quorum()) {
      return Preflight.notReady(would, "the cluster has no quorum: it cannot add a member");
    }
    if (members.learners().size() >= EtcdActivitiesImpl.MAX_LEARNERS) {
      return Preflight.notReady(
          would, "the cluster already has learner(s) " + members.learners() + ", etcd's maximum");
    }
    return Preflight.ready(would);
  }

  private Preflight changeMember(MemberRef request, String verb, String where) {
    String would = verb + " " + request.member() + " " + where;
    Optional<String> member = member(request.cluster(), request.member());
    if (member.isEmpty()) {
      return Preflight.atRunTime(
          would, request.member() + " is not a member now: an earlier step may add it");
    }
    if (!reads.health(request.cluster()).quorum()) {
      return Preflight.notReady(would, "the cluster has no quorum: membership cannot change");
    }
    return Preflight.ready(would);
  }

  /** The member by its name or its node's, as it is listed now. */
  private Optional<String> member(String cluster, String member) {
    Members members = reads.members(new ClusterRef(cluster), null);
    return members.names().entrySet().stream()
        .filter(e -> member.equals(e.getValue()) || member.equals(e.getKey()))
        .map(e -> e.getValue() + " (on " + e.getKey() + ")")
        .findFirst();
  }
}
