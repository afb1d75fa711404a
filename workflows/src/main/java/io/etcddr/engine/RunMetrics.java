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
 * <p>A runbook with a `schedule:` is a drill: when one succeeds, the figures its `outputs:` declare
 * under the names below (its RPO in revisions, its restore time, the age of the snapshot it
 * restored) and its success time become gauges per cluster, which the drill alert rules read. The
 * runbook says which step each figure comes from; the engine names no activity.
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

  /** The declared output a drill reports as its RPO, in revisions. */
  static final String RPO_OUTPUT = "rpoRevisions";

  /** The declared output a drill reports as its restore time, in milliseconds. */
  static final String RESTORE_OUTPUT = "restoreMillis";

  /** The declared output a snapshot drill reports: how old the backup it restored was. */
  static final String SNAPSHOT_AGE_OUTPUT = "snapshotAgeSeconds";

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
   * @param declared the runbook's declared outputs, evaluated at the end
   */
  static void ended(
      Plan plan, Map<String, Object> inputs, RunState outcome, Map<String, Object> declared) {
    scope(Map.of("runbook", plan.runbook(), "outcome", outcome.label()))
        .counter(RUNS_FINISHED)
        .inc(1);
    if (plan.schedule() == null || outcome != RunState.SUCCEEDED) {
      return;
    }
    Scope cluster =
        scope(Map.of("runbook", plan.runbook(), "cluster", String.valueOf(inputs.get("cluster"))));
    number(declared, RPO_OUTPUT).ifPresent(lag -> cluster.gauge(DRILL_RPO).update(lag));
    number(declared, RESTORE_OUTPUT)
        .ifPresent(ms -> cluster.gauge(DRILL_RESTORE).update(ms / 1000.0));
    number(declared, SNAPSHOT_AGE_OUTPUT)
        .ifPresent(age -> cluster.gauge(DRILL_SNAPSHOT_AGE).update(age));
    cluster.gauge(DRILL_LAST_SUCCESS).update(Workflow.currentTimeMillis() / 1000.0);
  }

  /** A declared figure as a number: declared outputs may render as numbers or as their text. */
  private static java.util.Optional<Double> number(Map<String, Object> declared, String name) {
    Object value = declared.get(name);
    if (value instanceof Number n) {
      return java.util.Optional.of(n.doubleValue());
    }
    try {
      return value instanceof String text && !text.isBlank()
          ? java.util.Optional.of(Double.parseDouble(text.strip()))
          : java.util.Optional.empty();
    } catch (NumberFormatException notAFigure) {
      return java.util.Optional.empty();
    }
  }

  private static Scope scope(Map<String, String> tags) {
    return Workflow.getMetricsScope().tagged(tags);
  }
}
