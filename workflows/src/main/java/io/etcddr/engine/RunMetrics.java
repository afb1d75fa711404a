package io.etcddr.engine;

import com.uber.m3.tally.Scope;
import com.uber.m3.util.Duration;
import io.etcddr.runbook.compile.Plan;
import io.etcddr.runbook.compile.PlanStep;
import io.temporal.workflow.Workflow;
import java.util.Map;

/**
 * The run's own metrics, reported through Temporal's replay-aware metrics scope: a replay counts
 * nothing twice, and the values come from workflow state and workflow time only. The worker's
 * `/metrics` exposes them with a Prometheus registry; names are the Prometheus names before the
 * registry adds `_total` / `_seconds`.
 *
 * <p>A runbook with a `schedule:` is a drill: when one succeeds, its measured learner lag, restore
 * time, the age of the snapshot it restored and its success time become gauges per cluster, which
 * the drill alert rules read.
 */
final class RunMetrics {

  static final String RUNS_STARTED = "etcd_dr_runs_started";
  static final String RUNS_FINISHED = "etcd_dr_runs_finished";
  static final String STEP_DURATION = "etcd_dr_step_duration";
  static final String APPROVAL_WAIT = "etcd_dr_approval_wait";
  static final String DRILL_RPO = "etcd_dr_drill_rpo_revisions";
  static final String DRILL_RESTORE = "etcd_dr_drill_restore_seconds";
  static final String DRILL_LAST_SUCCESS = "etcd_dr_drill_last_success_timestamp_seconds";
  static final String DRILL_SNAPSHOT_AGE = "etcd_dr_drill_snapshot_age_seconds";

  /**
   * The step whose `lagRevisions` a drill reports as its RPO: the learner's lag at the drill's cut,
   * before it waited for catch-up (which would report less than a failover then would lose).
   */
  private static final String LAG_STEP = "cluster.recordDrill";

  /** The step whose `millis` a drill reports as its restore time. */
  private static final String RESTORE_STEP = "etcd.restoreSingleNode";

  /** The step whose `ageSeconds` a snapshot drill reports: how old the newest backup was. */
  private static final String FIND_STEP = "store.find";

  private RunMetrics() {}

  static void started(String runbook) {
    scope(Map.of("runbook", runbook)).counter(RUNS_STARTED).inc(1);
  }

  static void stepEnded(String runbook, PlanStep step, StepState state, long millis) {
    String outcome = state.name().toLowerCase(java.util.Locale.ROOT);
    if (step.approval() != null) {
      scope(Map.of("runbook", runbook, "step", step.id(), "outcome", outcome))
          .timer(APPROVAL_WAIT)
          .record(Duration.ofMillis(millis));
      return;
    }
    scope(
            Map.of(
                "runbook",
                runbook,
                "step",
                step.id(),
                "kind",
                step.kindLabel(),
                "outcome",
                outcome))
        .timer(STEP_DURATION)
        .record(Duration.ofMillis(millis));
  }

  /**
   * @param outputs each finished step's outputs by step id
   */
  static void ended(
      Plan plan, Map<String, Object> inputs, RunState outcome, Map<String, Object> outputs) {
    scope(Map.of("runbook", plan.runbook(), "outcome", outcome.label()))
        .counter(RUNS_FINISHED)
        .inc(1);
    if (plan.schedule() == null || outcome != RunState.SUCCEEDED) {
      return;
    }
    Scope cluster =
        scope(Map.of("runbook", plan.runbook(), "cluster", String.valueOf(inputs.get("cluster"))));
    for (PlanStep step : plan.steps()) {
      Object out = outputs.get(step.id());
      if (LAG_STEP.equals(step.uses())) {
        number(out, "lagRevisions").ifPresent(lag -> cluster.gauge(DRILL_RPO).update(lag));
      } else if (RESTORE_STEP.equals(step.uses())) {
        number(out, "millis").ifPresent(ms -> cluster.gauge(DRILL_RESTORE).update(ms / 1000.0));
      } else if (FIND_STEP.equals(step.uses())) {
        number(out, "ageSeconds").ifPresent(age -> cluster.gauge(DRILL_SNAPSHOT_AGE).update(age));
      }
    }
    cluster.gauge(DRILL_LAST_SUCCESS).update(Workflow.currentTimeMillis() / 1000.0);
  }

  private static java.util.Optional<Double> number(Object outputs, String name) {
    return StepFigures.number(outputs, name).map(Number::doubleValue);
  }

  private static Scope scope(Map<String, String> tags) {
    return Workflow.getMetricsScope().tagged(tags);
  }
}
