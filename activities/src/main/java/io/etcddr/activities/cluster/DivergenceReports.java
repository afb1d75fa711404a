package io.etcddr.activities.cluster;

import io.etcddr.activities.etcd.EtcdActivitiesImpl;
import io.etcddr.activities.etcd.KeyDivergence;
import io.etcddr.activities.record.ClusterRecords;
import io.etcddr.activities.support.ActivityFailures;
import io.etcddr.contract.StepContext;
import io.etcddr.contract.cluster.ClusterActivities;
import io.etcddr.contract.cluster.ClusterRecord;
import io.etcddr.contract.cluster.Divergence;
import io.etcddr.contract.cluster.Generation;
import java.time.Clock;
import java.time.Instant;

/**
 * `cluster.divergence`: compares a fenced node's old data with the current generation and puts the
 * report on the generation's record. The revision to compare against is the one the generation
 * recorded when the failover made it.
 */
final class DivergenceReports {

  private final ClusterRecords records;
  private final EtcdActivitiesImpl etcd;
  private final Clock clock;

  DivergenceReports(ClusterRecords records, EtcdActivitiesImpl etcd, Clock clock) {
    this.records = records;
    this.etcd = etcd;
    this.clock = clock;
  }

  Divergence report(ClusterActivities.DivergenceRequest request, StepContext context) {
    Generation current =
        records
            .find(request.cluster())
            .flatMap(ClusterRecord::current)
            .orElseThrow(
                () ->
                    ActivityFailures.precondition(
                        "cluster `" + request.cluster() + "` has no generation recorded yet"));
    long from = fromRevision(request, current);
    String prefix =
        request.prefix() == null || request.prefix().isBlank() ? "/registry" : request.prefix();
    Divergence report =
        request.endpoints() == null || request.endpoints().isEmpty()
            ? unknown(request, prefix, from, context)
            : known(request, prefix, from, context);
    records.recordDivergence(request.cluster(), report);
    return report;
  }

  private Divergence known(
      ClusterActivities.DivergenceRequest request, String prefix, long from, StepContext context) {
    KeyDivergence.Found found =
        etcd.divergence(request.cluster(), request.endpoints(), prefix, from);
    long lost = found.created().count() + found.changed().count() + found.deleted().count();
    String summary =
        request.node()
            + "'s old data (revision "
            + found.oldRevision()
            + (request.oldLastWriteAt() == null
                ? ""
                : ", last write " + Instant.ofEpochMilli(request.oldLastWriteAt()))
            + ") holds "
            + lost
            + " write(s) under "
            + prefix
            + " that the failover lost, after revision "
            + from
            + ": "
            + found.created().count()
            + " created, "
            + found.changed().count()
            + " changed, "
            + found.deleted().count()
            + " deleted";
    return new Divergence(
        request.node(),
        true,
        prefix,
        from,
        found.oldRevision(),
        request.oldLastWriteAt(),
        found.created(),
        found.changed(),
        found.deleted(),
        summary,
        context == null ? null : context.workflowId(),
        context == null ? null : context.runId(),
        clock.millis());
  }

  private Divergence unknown(
      ClusterActivities.DivergenceRequest request, String prefix, long from, StepContext context) {
    return new Divergence(
        request.node(),
        false,
        prefix,
        from,
        null,
        null,
        Divergence.Keys.none(),
        Divergence.Keys.none(),
        Divergence.Keys.none(),
        request.node()
            + "'s old data did not come back: what the failover lost is unknown. It is every"
            + " write the old cluster took after revision "
            + from
            + ", at most the learner's lag when the site was lost (see the last learner-drill's"
            + " rpoRevisions)",
        context == null ? null : context.workflowId(),
        context == null ? null : context.runId(),
        clock.millis());
  }

  private static long fromRevision(
      ClusterActivities.DivergenceRequest request, Generation current) {
    if (request.fromRevision() != null && request.fromRevision() > 0) {
      return request.fromRevision();
    }
    if (current.fromRevision() == null) {
      throw ActivityFailures.badInput(
          "generation "
              + current.number()
              + " of `"
              + request.cluster()
              + "` records no revision it was restored from; run divergence-report with --set"
              + " fromRevision=N (the failover's restoredRevision minus its revisionBump)");
    }
    return current.fromRevision();
  }
}
