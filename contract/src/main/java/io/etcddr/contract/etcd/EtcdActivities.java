package io.etcddr.contract.etcd;

import io.etcddr.contract.Key;
import io.etcddr.contract.Placement;
import io.etcddr.contract.Step;
import io.etcddr.contract.StepContext;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/** The worker's etcd activities: they need only the network (TLS to the members). */
@ActivityInterface
public interface EtcdActivities {

  record StatusRequest(
      @Key("cluster name; endpoints and TLS come from the inventory") String cluster,
      @Key(value = "ask these instead of the inventory's", optional = true) List<String> endpoints,
      @Key(value = "per endpoint (default 3s)", optional = true, as = Key.As.DURATION)
          String timeout) {}

  record LearnerViewRequest(
      @Key("cluster name; endpoints and TLS come from the inventory") String cluster,
      @Key("the learner's client URL") String endpoint,
      @Key(
              value =
                  "between the two reads (default 2s when the learner's /metrics answer, 3s"
                      + " otherwise)",
              optional = true,
              as = Key.As.DURATION)
          String pause,
      @Key(
              value =
                  "per read; a learner that does not answer within it cannot follow (default 3s)",
              optional = true,
              as = Key.As.DURATION)
          String timeout) {}

  record LearnerView(
      @Key(
              "the learner answered twice and, in between, the leader's messages reached it or its"
                  + " raft index moved: it still hears from the voters' site")
          boolean follows,
      @Key("it answered both reads") boolean answers,
      @Key("the leader it names (hex; never trusted alone: it lingers after the voters die)")
          String leader,
      @Key("raft index at the first read") long indexBefore,
      @Key("raft index at the second read") long indexAfter,
      @Key("applied index at the first read") long appliedBefore,
      @Key("applied index at the second read") long appliedAfter,
      @Key(
              "bytes it had received from its peers at the first read (its /metrics; a live"
                  + " leader heartbeats it); -1 when /metrics did not answer")
          long receivedBefore,
      @Key("the same at the second read; -1 when /metrics did not answer") long receivedAfter) {}

  record AddLearnerRequest(
      @Key("cluster name; endpoints and TLS come from the inventory") String cluster,
      @Key("the new member's name") String name,
      @Key("the new member's peer URL") String peerUrl) {}

  record AddLearnerResult(
      @Key("member id, hex") String memberId,
      @Key("false when a member with this peer URL existed") boolean added,
      @Key("the --initial-cluster value to start it") String initialCluster) {}

  record MemberRequest(
      @Key("cluster name; endpoints and TLS come from the inventory") String cluster,
      @Key("the learner's name") String member,
      @Key(value = "accepted index gap (default 10)", optional = true) Integer maxLag) {}

  /** A member by name or hex id. */
  record MemberRef(
      @Key("cluster name; endpoints and TLS come from the inventory") String cluster,
      @Key("the member's name or hex id") String member) {}

  record CaughtUp(
      @Key("the learner's applied index") long appliedIndex,
      @Key("the leader's applied index") long leaderIndex,
      @Key("the gap when it caught up") long lag,
      @Key("the leader's revision minus the learner's") long revisionLag) {}

  record Promoted(
      @Key("member id, hex") String memberId,
      @Key("false when it was already a voter") boolean promoted) {}

  record Removed(@Key("false when it was already gone") boolean removed) {}

  record ClusterRef(
      @Key("cluster name; endpoints and TLS come from the inventory") String cluster) {}

  record VerifyRequest(
      @Key("cluster name; endpoints and TLS come from the inventory") String cluster,
      @Key(value = "ask these instead of the inventory's", optional = true) List<String> endpoints,
      @Key(value = "key prefix (default /registry)", optional = true) String prefix,
      @Key(value = "fail below this revision", optional = true) Long minRevision,
      @Key(value = "fail below this many keys", optional = true) Long minKeys,
      @Key(value = "keys that must exist", optional = true) List<String> sampleKeys) {}

  /** The members of the cluster's current generation, by inventory node. */
  record Members(
      @Key(value = "nodes of the voting members", as = Key.As.NODE) List<String> voters,
      @Key(value = "nodes of the learners", as = Key.As.NODE) List<String> learners,
      @Key("each member's node and its etcd member name") java.util.Map<String, String> names,
      @Key("the voters' client URLs") List<String> clientUrls,
      @Key("the voters as NAME=PEER_URL,...: --initial-cluster of a cluster made anew")
          String initialCluster,
      @Key("the cluster ID that answered") String clusterId) {}

  record Verified(
      @Key("current revision") long revision,
      @Key("keys under the prefix") long keys,
      @Key("sample keys not found") List<String> missing,
      @Key("the etcd cluster ID that answered") String clusterId) {}

  record HashRequest(
      @Key("cluster name; endpoints and TLS come from the inventory") String cluster,
      @Key(value = "ask these instead of the current generation's members", optional = true)
          List<String> endpoints,
      @Key(
              value =
                  "the revision to hash at (default: the lowest any answering voter has applied)",
              optional = true)
          Long revision) {}

  /** One member's answer: the hash of its keys up to the revision, from its compact revision. */
  record MemberHash(String endpoint, long hash, long compactRevision) {}

  record Hashes(
      @Key("the revision every voter hashed its keys at") long revision,
      @Key("one entry per voter that answered: endpoint, hash, compactRevision")
          List<MemberHash> hashes,
      @Key("every voter that answered has the same hash: their keys are identical")
          boolean consistent,
      @Key("voters whose hash differs from the one most voters share (all: none is most)")
          List<String> differing,
      @Key("members that gave no hash, with why (a learner never does)") List<String> unanswered) {}

  /** One certificate: whose (an endpoint, or "ca"), its subject, and when it stops being valid. */
  record Expiry(String of, String subject, String notAfter, long daysLeft) {}

  record Certificates(
      @Key("of, subject, notAfter, daysLeft") Expiry ca,
      @Key("the serving certificate of each endpoint that answered the handshake")
          List<Expiry> members,
      @Key("endpoints whose certificate could not be read, with why") List<String> unreachable,
      @Key("the fewest days any of them has left") long soonestDaysLeft) {}

  /**
   * Asks every endpoint of the cluster's current generation, and every address where an older one
   * may answer, for its status (serializable, bounded by {@code timeout}, default 3 s), and says
   * whether the cluster has quorum. Answers carrying another cluster ID are {@code foreign}; one of
   * them with quorum is a split brain. The first healthy status of a cluster without a record
   * adopts its cluster ID as generation 1; otherwise read-only. Answers within the timeout even
   * when every voter is down.
   */
  @Step(
      value =
          "Per endpoint: member, leader, learner flag, raft and applied index, DB size; plus"
              + " whether the cluster has quorum. Short timeouts, serializable reads.",
      placement = Placement.WORKER,
      reads = "read the cluster's status")
  @ActivityMethod(name = "etcd.status")
  ClusterHealth status(StatusRequest request, StepContext context);

  /**
   * The learner's own view of the voters' site: two status reads a few seconds apart. Its raft
   * index moving means the site is alive and reaches the learner's site, whatever the worker sees.
   * Read only.
   */
  @Step(
      value =
          "The learner's own view of the voters' site: two reads a few seconds apart; the"
              + " leader's heartbeats arriving or its raft index moving means the site is alive"
              + " and reaches it. Read only.",
      placement = Placement.WORKER,
      reads = "ask the learner whether it still hears a leader")
  @ActivityMethod(name = "etcd.learnerView")
  LearnerView learnerView(LearnerViewRequest request, StepContext context);

  /**
   * `member add --learner`, idempotent by peer URL: when a member with that peer URL exists, its id
   * is returned with {@code added=false}. Refused (non-retryable) when the cluster already has the
   * maximum number of learners; retried while etcd says the cluster is not yet healthy.
   */
  @Step(value = "`member add --learner`; idempotent by peer URL.", placement = Placement.WORKER)
  @ActivityMethod(name = "etcd.addLearner")
  AddLearnerResult addLearner(AddLearnerRequest request, StepContext context);

  /**
   * Waits, heartbeating its progress, until the learner's applied index is within {@code maxLag}
   * (default 10) of the leader's, asking once a second. Read-only. The step's timeout bounds the
   * wait; it fails retryably while the learner does not answer or the cluster has no leader.
   */
  @Step(
      value = "Waits until the learner's applied index is within maxLag of the leader's.",
      placement = Placement.WORKER)
  @ActivityMethod(name = "etcd.waitCaughtUp")
  CaughtUp waitCaughtUp(MemberRequest request, StepContext context);

  /**
   * Promotes a learner; a member that is already a voter is success with {@code promoted=false}.
   */
  @Step(
      value = "Promotes a caught-up learner to voter; needs quorum.",
      placement = Placement.WORKER)
  @ActivityMethod(name = "etcd.promote")
  Promoted promote(MemberRef request, StepContext context);

  /**
   * Removes a member by name or hex id; a member already gone is success with {@code
   * removed=false}.
   */
  @Step(value = "Removes a member; idempotent.", placement = Placement.WORKER)
  @ActivityMethod(name = "etcd.removeMember")
  Removed removeMember(MemberRef request, StepContext context);

  /**
   * Compares a cluster (or the given endpoints) with expectations: revision, key count under a
   * prefix (default /registry), sample keys. Serializable reads, so a lone restored member answers.
   * Fails non-retryably with what differs.
   */
  @Step(
      value = "Compares revision, key count and a key sample of a cluster with expectations.",
      placement = Placement.WORKER)
  @ActivityMethod(name = "etcd.verify")
  Verified verify(VerifyRequest request, StepContext context);

  /**
   * The current generation's members as etcd lists them (names, peer URLs), each matched to its
   * inventory node by the address in its peer URL; refused when a member is on no known node.
   */
  @Step(
      value =
          "The current generation's members by inventory node: voters, learners, names,"
              + " client URLs and the voters as --initial-cluster.",
      placement = Placement.WORKER,
      reads = "list the members")
  @ActivityMethod(name = "etcd.members")
  Members members(ClusterRef request, StepContext context);

  /**
   * `etcdctl endpoint hashkv` on every answering voter at one revision: equal hashes mean equal
   * keys, the check for a silently corrupted member. A learner is not asked: etcd refuses HashKV on
   * learners (docs/facts.md). Read only; a revision newer than a voter has, or compacted away, is
   * refused with what to ask instead.
   */
  @Step(
      value =
          "Hashes every voter's keys at one revision (etcdctl endpoint hashkv): equal hashes"
              + " mean no member is silently corrupted. Learners are not asked. Read only.",
      placement = Placement.WORKER,
      reads = "hash each member's keys at one revision")
  @ActivityMethod(name = "etcd.hashKV")
  Hashes hashKV(HashRequest request, StepContext context);

  /**
   * When the cluster's certificates expire: each member's serving certificate, read by a TLS
   * handshake with its client URL, and the CA the worker trusts. Reads nothing on the nodes.
   */
  @Step(
      value =
          "When the cluster's certificates expire: each member's serving certificate (a TLS"
              + " handshake with its client URL) and the CA the worker trusts.",
      placement = Placement.WORKER,
      reads = "read the members' certificate expiry")
  @ActivityMethod(name = "etcd.certificates")
  Certificates certificates(ClusterRef request, StepContext context);
}
