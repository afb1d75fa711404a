package io.etcddr.contract.etcd;

import io.etcddr.contract.StepContext;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/** The worker's etcd activities: they need only the network (TLS to the members). */
@ActivityInterface
public interface EtcdActivities {

  record StatusRequest(String cluster, List<String> endpoints, String timeout) {}

  /**
   * @param endpoint the learner's client URL
   * @param pause between the two reads (default 3s)
   */
  record LearnerViewRequest(String cluster, String endpoint, String pause) {}

  /**
   * @param follows the learner answered twice and its raft index moved in between: it still hears
   *     from the voters' site
   * @param leader the leader it names (hex; never trusted alone: it lingers after the voters die)
   */
  record LearnerView(
      boolean follows,
      boolean answers,
      String leader,
      long indexBefore,
      long indexAfter,
      long appliedBefore,
      long appliedAfter) {}

  record AddLearnerRequest(String cluster, String name, String peerUrl) {}

  record AddLearnerResult(String memberId, boolean added, String initialCluster) {}

  record MemberRequest(String cluster, String member, Integer maxLag) {}

  /** A member by name or hex id. */
  record MemberRef(String cluster, String member) {}

  record CaughtUp(long appliedIndex, long leaderIndex, long lag, long revisionLag) {}

  record Promoted(String memberId, boolean promoted) {}

  record Removed(boolean removed) {}

  record ClusterRef(String cluster) {}

  record VerifyRequest(
      String cluster,
      List<String> endpoints,
      String prefix,
      Long minRevision,
      Long minKeys,
      List<String> sampleKeys) {}

  /**
   * The members of the cluster's current generation, by inventory node.
   *
   * @param names each member's node and its etcd member name
   * @param initialCluster the voters as NAME=PEER_URL,...: --initial-cluster of a cluster made anew
   */
  record Members(
      List<String> voters,
      List<String> learners,
      java.util.Map<String, String> names,
      List<String> clientUrls,
      String initialCluster,
      String clusterId) {}

  record Verified(long revision, long keys, List<String> missing, String clusterId) {}

  /** One certificate: whose (an endpoint, or "ca"), its subject, and when it stops being valid. */
  record Expiry(String of, String subject, String notAfter, long daysLeft) {}

  /**
   * @param members the serving certificate of each endpoint that answered the handshake
   * @param unreachable endpoints whose certificate could not be read, with why
   * @param soonestDaysLeft the fewest days any of them has left
   */
  record Certificates(
      Expiry ca, List<Expiry> members, List<String> unreachable, long soonestDaysLeft) {}

  /**
   * Asks every endpoint of the cluster's current generation, and every address where an older one
   * may answer, for its status (serializable, bounded by {@code timeout}, default 3 s), and says
   * whether the cluster has quorum. Answers carrying another cluster ID are {@code foreign}; one of
   * them with quorum is a split brain. The first healthy status of a cluster without a record
   * adopts its cluster ID as generation 1; otherwise read-only. Answers within the timeout even
   * when every voter is down.
   */
  @ActivityMethod(name = "etcd.status")
  ClusterHealth status(StatusRequest request, StepContext context);

  /**
   * `member add --learner`, idempotent by peer URL: when a member with that peer URL exists, its id
   * is returned with {@code added=false}. Refused (non-retryable) when the cluster already has the
   * maximum number of learners; retried while etcd says the cluster is not yet healthy.
   */
  /**
   * The learner's own view of the voters' site: two status reads a few seconds apart. Its raft
   * index moving means the site is alive and reaches the learner's site, whatever the worker sees.
   * Read only.
   */
  @ActivityMethod(name = "etcd.learnerView")
  LearnerView learnerView(LearnerViewRequest request, StepContext context);

  @ActivityMethod(name = "etcd.addLearner")
  AddLearnerResult addLearner(AddLearnerRequest request, StepContext context);

  /**
   * Waits, heartbeating its progress, until the learner's applied index is within {@code maxLag}
   * (default 10) of the leader's, asking once a second. Read-only. The step's timeout bounds the
   * wait; it fails retryably while the learner does not answer or the cluster has no leader.
   */
  @ActivityMethod(name = "etcd.waitCaughtUp")
  CaughtUp waitCaughtUp(MemberRequest request, StepContext context);

  /**
   * Promotes a learner; a member that is already a voter is success with {@code promoted=false}.
   */
  @ActivityMethod(name = "etcd.promote")
  Promoted promote(MemberRef request, StepContext context);

  /**
   * Removes a member by name or hex id; a member already gone is success with {@code
   * removed=false}.
   */
  @ActivityMethod(name = "etcd.removeMember")
  Removed removeMember(MemberRef request, StepContext context);

  /**
   * Compares a cluster (or the given endpoints) with expectations: revision, key count under a
   * prefix (default /registry), sample keys. Serializable reads, so a lone restored member answers.
   * Fails non-retryably with what differs.
   */
  @ActivityMethod(name = "etcd.verify")
  Verified verify(VerifyRequest request, StepContext context);

  /**
   * The current generation's members as etcd lists them (names, peer URLs), each matched to its
   * inventory node by the address in its peer URL; refused when a member is on no known node.
   */
  @ActivityMethod(name = "etcd.members")
  Members members(ClusterRef request, StepContext context);

  /**
   * When the cluster's certificates expire: each member's serving certificate, read by a TLS
   * handshake with its client URL, and the CA the worker trusts. Reads nothing on the nodes.
   */
  @ActivityMethod(name = "etcd.certificates")
  Certificates certificates(ClusterRef request, StepContext context);
}
