package io.etcddr.contract.cluster;

import io.etcddr.cluster.Divergence;
import io.etcddr.cluster.FenceOrder;
import io.etcddr.cluster.FenceReport;
import io.etcddr.contract.StepContext;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;
import java.util.Map;

/** Runbook steps that change a cluster's durable record (generations, fences). */
@ActivityInterface
public interface ClusterActivities {

  record FenceStepRequest(
      String cluster,
      Map<String, FenceReport> fenced,
      List<String> unreachable,
      List<String> containers,
      String dataDir) {}

  record Fenced(List<FenceOrder> orders, List<String> ordered, List<String> fenced) {}

  /**
   * @param fromRevision the last revision of the data the new cluster was restored from, in the old
   *     cluster's numbering: what a later divergence report compares against
   */
  record NewGenerationRequest(String cluster, List<String> endpoints, Long fromRevision) {}

  record GenerationMade(
      int generation, String clusterId, List<String> members, List<String> clientUrls) {}

  record RecordMembersRequest(String cluster, List<String> add) {}

  record WithdrawRequest(String cluster) {}

  /**
   * @param endpoints a scratch etcd serving the node's old data; empty when that data did not come
   *     back (the report then says the loss is unknown)
   * @param fromRevision overrides the generation's recorded one
   */
  record DivergenceRequest(
      String cluster,
      String node,
      List<String> endpoints,
      String prefix,
      Long fromRevision,
      Long oldLastWriteAt) {}

  /** A divergence report as a runbook reads it ({@link Divergence} as recorded, plus the total). */
  record Reported(
      String node,
      boolean known,
      long lost,
      Divergence.Keys created,
      Divergence.Keys changed,
      Divergence.Keys deleted,
      Long fromRevision,
      Long oldRevision,
      Long oldLastWriteAt,
      String summary) {

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

  record Withdrawn(List<String> withdrawn, List<String> kept) {}

  /**
   * @param learner the node whose etcd is the learner
   */
  record DataLossRequest(String cluster, String learner) {}

  /**
   * @param lagRevisions the learner's lag at the drill's cut, before any wait
   * @param catchUpRevisions the lag once the drill had waited for the learner
   * @param restoreMillis how long the drill's restore took
   */
  record DrillRequest(
      String cluster, Long lagRevisions, Long catchUpRevisions, Long restoreMillis) {}

  record SitesRequest(String cluster, String learner) {}

  /**
   * @param nodes the lost site's nodes
   */
  record LeaseRequest(String cluster, List<String> nodes) {}

  /**
   * @param waitedMillis how long this step waited for the lost site's self-fence
   */
  record LeaseWaited(
      boolean known, long lastHeard, long fencedBy, long waitedMillis, String summary) {}

  record DrillRecorded(long lagRevisions, long catchUpRevisions, long restoreMillis, long at) {}

  /**
   * Records the nodes this run fenced and orders a fence for each unreachable node, delivered to
   * its agent the moment it polls again. Idempotent per run.
   */
  @ActivityMethod(name = "cluster.fence")
  Fenced fence(FenceStepRequest request, StepContext context);

  /**
   * Reads the cluster at {@code endpoints} (it must answer with quorum and one cluster ID) and
   * records it as the cluster's next generation, made by this run. Idempotent: the same run or
   * cluster ID again returns the recorded generation.
   */
  @ActivityMethod(name = "cluster.newGeneration")
  GenerationMade newGeneration(NewGenerationRequest request, StepContext context);

  /**
   * Records the current generation's members as they answer now, at its client URLs plus {@code
   * add} (a learner just added), so status, drills, doctor and service discovery see them. The
   * cluster must answer with the current generation's ID and quorum. Idempotent.
   */
  @ActivityMethod(name = "cluster.recordMembers")
  GenerationMade recordMembers(RecordMembersRequest request, StepContext context);

  /** Withdraws this run's undelivered fence orders when it made no generation; else keeps them. */
  @ActivityMethod(name = "cluster.withdrawFences")
  Withdrawn withdrawFences(WithdrawRequest request, StepContext context);

  /**
   * What the failover lost, as a node's old data shows it: keys under the prefix created, changed
   * or deleted by the old cluster after the revision the current generation was restored from
   * (names only, never values), recorded on the generation. Idempotent: a node's report replaces
   * its earlier one.
   */
  @ActivityMethod(name = "cluster.divergence")
  Reported divergence(DivergenceRequest request, StepContext context);

  /**
   * What a failover onto the learner would lose, before anyone approves it: the learner's applied
   * revision (asked now, a short timeout), the voters' last revision and when a worker saw it (the
   * record), the gap in revisions and in time, the last drill's lag. Read only.
   */
  @ActivityMethod(name = "cluster.dataLoss")
  DataLoss dataLoss(DataLossRequest request, StepContext context);

  /**
   * Which nodes a failover onto the learner drops and fences: those of the sites that held the
   * current generation's voters, never the learner's; the rest survive. Refused when no voter ran
   * outside the learner's site. Read only.
   */
  @ActivityMethod(name = "cluster.sites")
  LostSites sites(SitesRequest request, StepContext context);

  /**
   * When the lost nodes have fenced themselves if they are alive and only cut off: the last sign of
   * their contact (their agents' reports, the learner's progress) plus their T_fence and a margin.
   * Read only.
   */
  @ActivityMethod(name = "cluster.lease")
  LeaseDeadline lease(LeaseRequest request, StepContext context);

  /**
   * Waits, heartbeating, until the lost nodes have fenced themselves if they are alive (as {@code
   * cluster.lease} says, read again: a later sign of life moves the deadline). Nothing to wait for
   * when no agent of theirs ever reported a lease. Idempotent.
   */
  @ActivityMethod(name = "cluster.awaitLease")
  LeaseWaited awaitLease(LeaseRequest request, StepContext context);

  /** Keeps a learner-drill's figures in the record, for the next failover's prompt. Idempotent. */
  @ActivityMethod(name = "cluster.recordDrill")
  DrillRecorded recordDrill(DrillRequest request, StepContext context);
}
