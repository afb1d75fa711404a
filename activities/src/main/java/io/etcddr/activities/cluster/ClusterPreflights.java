package io.etcddr.activities.cluster;

import io.etcddr.activities.preflight.PreflightTable;
import io.etcddr.activities.record.ClusterRecords;
import io.etcddr.contract.Preflight;
import io.etcddr.contract.cluster.ClusterActivities.DivergenceRequest;
import io.etcddr.contract.cluster.ClusterActivities.DrillRequest;
import io.etcddr.contract.cluster.ClusterActivities.FenceStepRequest;
import io.etcddr.contract.cluster.ClusterActivities.LeaseRequest;
import io.etcddr.contract.cluster.ClusterActivities.NewGenerationRequest;
import io.etcddr.contract.cluster.ClusterActivities.RecordMembersRequest;
import io.etcddr.contract.cluster.ClusterActivities.WithdrawRequest;
import io.etcddr.contract.cluster.ClusterRecord;
import io.etcddr.contract.cluster.FenceOrder;
import io.etcddr.contract.cluster.Generation;
import io.etcddr.contract.cluster.LeaseDeadline;
import java.util.List;
import java.util.Map;

/**
 * What the record's steps would do: sites, lease and data loss are read as they are; a change to
 * the record says what it would write — who would be fenced, which generation would be next.
 */
final class ClusterPreflights {

  private final ClusterActivitiesImpl reads;
  private final ClusterRecords records;

  /**
   * @param readOnly cluster activities over read-only records
   */
  ClusterPreflights(ClusterActivitiesImpl readOnly, ClusterRecords records) {
    this.reads = readOnly;
    this.records = records;
  }

  PreflightTable table() {
    return new PreflightTable()
        .readsDeclaredBy(reads)
        .add(
            "cluster.awaitLease",
            LeaseRequest.class,
            (r, asked, c) -> {
              LeaseDeadline lease = reads.lease(r, c);
              return Preflight.ready(
                  lease.waitMillis() > 0
                      ? "wait " + (lease.waitMillis() + 999) / 1000 + " s: " + lease.summary()
                      : "no wait: " + lease.summary());
            })
        .add("cluster.fence", FenceStepRequest.class, (r, asked, c) -> fence(r, asked))
        .add(
            "cluster.newGeneration",
            NewGenerationRequest.class,
            (r, asked, c) ->
                Preflight.ready(
                    "record the restored cluster as generation "
                        + (current(r.cluster()).map(Generation::number).orElse(0) + 1)
                        + " of "
                        + r.cluster()))
        .add(
            "cluster.recordMembers",
            RecordMembersRequest.class,
            (r, asked, c) ->
                Preflight.ready(
                    "record "
                        + (r.add() == null ? "the members" : r.add())
                        + " in generation "
                        + current(r.cluster()).map(Generation::number).orElse(0)))
        .add(
            "cluster.withdrawFences",
            WithdrawRequest.class,
            (r, asked, c) -> Preflight.ready("withdraw the fence orders this run made"))
        .add(
            "cluster.divergence",
            DivergenceRequest.class,
            (r, asked, c) ->
                Preflight.ready(
                    "compare what " + r.node() + " wrote with the current generation; record it"))
        .add(
            "cluster.recordDrill",
            DrillRequest.class,
            (r, asked, c) -> Preflight.ready("record the drill's figures"));
  }

  /** Who would be fenced: the nodes fenced by the run's own step, and orders for the rest. */
  private Preflight fence(FenceStepRequest request, io.etcddr.contract.PreflightRequest asked) {
    if (asked.unknown().contains("unreachable") || asked.unknown().contains("fenced")) {
      return Preflight.atRunTime(
          "record the fences and order them for unreachable nodes", PreflightTable.waitsFor(asked));
    }
    Map<String, ?> fenced = request.fenced() == null ? Map.of() : request.fenced();
    List<String> unreachable = request.unreachable() == null ? List.of() : request.unreachable();
    List<String> pending =
        records.find(request.cluster()).map(ClusterRecord::fences).orElse(List.of()).stream()
            .filter(f -> f.state() == FenceOrder.State.ORDERED)
            .map(FenceOrder::node)
            .toList();
    return Preflight.ready(
        "fence "
            + (fenced.isEmpty() ? "no node now" : fenced.keySet() + " now (their agents answer)")
            + "; order fences for "
            + (unreachable.isEmpty() ? "no node" : unreachable)
            + " (fenced the moment their agent is back: kube-apiserver and etcd stopped, data dir"
            + " kept aside)"
            + (pending.isEmpty() ? "" : "; orders already pending: " + pending));
  }

  private java.util.Optional<Generation> current(String cluster) {
    return records.find(cluster).flatMap(ClusterRecord::current);
  }
}
