package io.etcddr.contract.cluster;

import io.etcddr.contract.Key;
import io.etcddr.contract.Placement;
import io.etcddr.contract.Step;
import io.etcddr.contract.StepContext;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;
import java.util.Map;

/** Runbook steps that change a cluster's durable record (generations, fences). */
@ActivityInterface
public interface ClusterActivities {

  record FenceStepRequest(
      @Key("cluster name; endpoints and TLS come from the inventory") String cluster,
      @Key(value = "a fence.node step's outputs, node -> report", optional = true)
          Map<String, FenceReport> fenced,
      @Key(value = "nodes to fence when they come back", optional = true, as = Key.As.NODE)
          List<String> unreachable,
      @Key(value = "default [kube-apiserver, etcd]", optional = true) List<String> containers,
      @Key(value = "the old etcd data dir (default: the inventory's)", optional = true)
          String dataDir) {}

  record Fenced(
      @Key("this run's fence orders") List<FenceOrder> orders,
      @Key(value = "nodes waiting for their fence", as = Key.As.NODE) List<String> ordered,
      @Key(value = "nodes fenced", as = Key.As.NODE) List<String> fenced) {}

  record NewGenerationRequest(
      @Key("cluster name; endpoints and TLS come from the inventory") String cluster,
      @Key("client URLs of the new cluster") List<String> endpoints,
      @Key(
              value =
                  "the last revision of the data the new cluster was restored from, in the"
                      + " old cluster's numbering: what a later divergence report compares against",
              optional = true)
          Long fromRevision) {}

  record GenerationMade(
      @Key("its number") int generation,
      @Key("its etcd cluster ID") String clusterId,
      @Key("its member names") List<String> members,
      @Key("its client URLs") List<String> clientUrls) {}

  record RecordMembersRequest(
      @Key("cluster name; endpoints and TLS come from the inventory") String cluster,
      @Key(value = "client URLs to add (a new learner's)", optional = true) List<String> add) {}

  record WithdrawRequest(
      @Key("cluster name; endpoints and TLS come from the inventory") String cluster) {}

  record DivergenceRequest(
      @Key("cluster name; endpoints and TLS come from the inventory") String cluster,
      @Key(value = "the node whose old data it is", as = Key.As.NODE) String node,
      @Key(
              value =
                  "a scratch etcd serving the node's old data; empty when that data did not"
                      + " come back (the report then says the loss is unknown)",
              optional = true)
          List<String> endpoints,
      @Key(value = "keys compared (default /registry)", optional = true) String prefix,
      @Key(value = "overrides the generation's recorded one", optional = true) Long fromRevision,
      @Key(value = "the old member's last write, epoch ms", optional = true) Long oldLastWriteAt) {}

  /** A divergence report as a runbook reads it ({@link Divergence} as recorded, plus the total). */
  record Reported(
      @Key("the node whose old data it is") String node,
      @Key("false when the old data is not there to compare") boolean known,
      @Key("created + changed + deleted (-1: unknown)") long lost,
      @Key("count and first 100 names") Divergence.Keys created,
      @Key("count and first 100 names") Divergence.Keys changed,
      @Key("count and first 100 names") Divergence.Keys deleted,
      @Key("the new generation holds every write up to it") Long fromRevision,
      @Key("the old cluster's last revision (when known)") Long oldRevision,
      @Key("the old member's last write, epoch ms") Long oldLastWriteAt,
      @Key("one line for people") String summary) {

    public static Reported of(Divergence report) {
      return new Reported(
          report.node(),
          report.known(),
          report.lost(),
          report.created(),
          report.changed(),
          report.deleted(),
          report.fromRevision(),
          report.oldRevision(),
          report.oldLastWriteAt(),
          report.summary());
    }
  }

  record Withdrawn(
      @Key(value = "orders withdrawn", as = Key.As.NODE) List<String> withdrawn,
      @Key(value = "orders kept", as = Key.As.NODE) List<String> kept) {}

  record DataLossRequest(
      @Key("cluster name; endpoints and TLS come from the inventory") String cluster,
      @Key(value = "the node whose etcd is the learner", as = Key.As.NODE) String learner) {}

  record DrillRequest(
      @Key("cluster name; endpoints and TLS come from the inventory") String cluster,
      @Key("the learner's lag at the drill's cut, before any wait") Long lagRevisions,
      @Key(value = "the lag once the drill had waited for the learner", optional = true)
          Long catchUpRevisions,
      @Key(value = "how long the drill's restore took", optional = true) Long restoreMillis) {}

  record SitesRequest(
      @Key("cluster name; endpoints and TLS come from the inventory") String cluster,
      @Key(value = "the node whose etcd is the learner", as = Key.As.NODE) String learner) {}

  record LeaseRequest(
      @Key("cluster name; endpoints and TLS come from the inventory") String cluster,
      @Key(value = "the lost site's nodes", as = Key.As.NODE) List<String> nodes) {}

  record LeaseWaited(
      @Key("an agent of theirs ever reported a lease") boolean known,
      @Key("the last sign of their contact, epoch ms") long lastHeard,
      @Key("by when they have fenced themselves, epoch ms") long fencedBy,
      @Key("how long this step waited for the lost site's self-fence") long waitedMillis,
      @Key("one line") String summary) {}

  record DrillRecorded(
      @Key("as recorded") long lagRevisions,
      @Key("as recorded") long catchUpRevisions,
      @Key("as recorded") long restoreMillis,
      @Key("when it was recorded, epoch ms") long at) {}

  /**
   * Records the nodes this run fenced and orders a fence for each unreachable node, delivered to
   * its agent the moment it polls again. Idempotent per run.
   */
  @Step(
      value =
          "Records in the cluster's durable record the nodes fenced by this run and orders a"
              + " fence for each unreachable node, delivered the moment its agent answers.",
      placement = Placement.WORKER)
  @ActivityMethod(name = "cluster.fence")
  Fenced fence(FenceStepRequest request, StepContext context);

  /**
   * Reads the cluster at {@code endpoints} (it must answer with quorum and one cluster ID) and
   * records it as the cluster's next generation, made by this run. Idempotent: the same run or
   * cluster ID again returns the recorded generation.
   */
  @Step(
      value =
          "Records the cluster this run made as the next generation: its cluster ID and"
              + " members read from `endpoints`; later runs use it. Idempotent.",
      placement = Placement.WORKER)
  @ActivityMethod(name = "cluster.newGeneration")
  GenerationMade newGeneration(NewGenerationRequest request, StepContext context);

  /**
   * Records the current generation's members as they answer now, at its client URLs plus {@code
   * add} (a learner just added), so status, drills, doctor and service discovery see them. The
   * cluster must answer with the current generation's ID and quorum. Idempotent.
   */
  @Step(
      value =
          "Records the current generation's members as they answer now, at its client URLs"
              + " and `add`; status, drills and service discovery then see them.",
      placement = Placement.WORKER)
  @ActivityMethod(name = "cluster.recordMembers")
  GenerationMade recordMembers(RecordMembersRequest request, StepContext context);

  /** Withdraws this run's undelivered fence orders when it made no generation; else keeps them. */
  @Step(
      value =
          "After a failover that made no generation, withdraws its fence orders not yet"
              + " delivered: the old cluster may come back. Keeps them when it made one.",
      placement = Placement.WORKER)
  @ActivityMethod(name = "cluster.withdrawFences")
  Withdrawn withdrawFences(WithdrawRequest request, StepContext context);

  /**
   * What the failover lost, as a node's old data shows it: keys under the prefix created, changed
   * or deleted by the old cluster after the revision the current generation was restored from
   * (names only, never values), recorded on the generation. Idempotent: a node's report replaces
   * its earlier one.
   */
  @Step(
      value =
          "What the failover lost: compares the old data served at `endpoints` with the"
              + " current generation, keys only, and records the report on the generation; no"
              + " endpoints: the loss is unknown.",
      placement = Placement.WORKER)
  @ActivityMethod(name = "cluster.divergence")
  Reported divergence(DivergenceRequest request, StepContext context);

  /**
   * What a failover onto the learner would lose, before anyone approves it: the learner's applied
   * revision (asked now, a short timeout), the voters' last revision and when a worker saw it (the
   * record), the gap in revisions and in time, the last drill's lag. Read only.
   */
  @Step(
      value =
          "What a failover onto the learner would lose, before anyone approves it: the"
              + " learner's applied revision, the voters' last revision and when a worker saw it,"
              + " the gap in revisions and in time, the last drill's lag. Read only.",
      placement = Placement.WORKER,
      reads = "measure what a failover would lose")
  @ActivityMethod(name = "cluster.dataLoss")
  DataLoss dataLoss(DataLossRequest request, StepContext context);

  /**
   * Which nodes a failover onto the learner drops and fences: those of the sites that held the
   * current generation's voters, never the learner's; the rest survive. Refused when no voter ran
   * outside the learner's site. Read only.
   */
  @Step(
      value =
          "Which nodes a failover onto the learner drops and fences: those of the sites that"
              + " held the current generation's voters, never the learner's; the rest survive."
              + " Read only.",
      placement = Placement.WORKER,
      reads = "find the sites that held the voters")
  @ActivityMethod(name = "cluster.sites")
  LostSites sites(SitesRequest request, StepContext context);

  /**
   * When the lost nodes have fenced themselves if they are alive and only cut off: the last sign of
   * their contact (their agents' reports, the learner's progress) plus their T_fence and a margin.
   * Read only.
   */
  @Step(
      value =
          "When the lost nodes have fenced themselves if they are alive and only cut off:"
              + " the last sign of their contact (their agents' reports, the learner's progress)"
              + " plus their T_fence and a margin. Read only.",
      placement = Placement.WORKER,
      reads = "read the lost site's lease")
  @ActivityMethod(name = "cluster.lease")
  LeaseDeadline lease(LeaseRequest request, StepContext context);

  /**
   * Waits, heartbeating, until the lost nodes have fenced themselves if they are alive (as {@code
   * cluster.lease} says, read again: a later sign of life moves the deadline). Nothing to wait for
   * when no agent of theirs ever reported a lease. Idempotent.
   */
  @Step(
      value =
          "Waits until the lost nodes have fenced themselves if they are alive"
              + " (cluster.lease, read again as it waits). Idempotent.",
      placement = Placement.WORKER)
  @ActivityMethod(name = "cluster.awaitLease")
  LeaseWaited awaitLease(LeaseRequest request, StepContext context);

  /** Keeps a learner-drill's figures in the record, for the next failover's prompt. Idempotent. */
  @Step(
      value =
          "Keeps a learner-drill's figures in the cluster's record, for the next failover's"
              + " approval prompt. Idempotent.",
      placement = Placement.WORKER)
  @ActivityMethod(name = "cluster.recordDrill")
  DrillRecorded recordDrill(DrillRequest request, StepContext context);
}
