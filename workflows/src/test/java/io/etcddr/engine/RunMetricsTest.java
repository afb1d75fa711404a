package io.etcddr.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.temporal.client.WorkflowStub;
import io.temporal.common.reporter.MicrometerClientStatsReporter;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The run's metrics as the workflow reports them through Temporal's scope: runs started and
 * finished, step durations, approval wait, and a drill's measurements, as its `outputs:` declare
 * them, as gauges per cluster.
 */
class RunMetricsTest {

  @Test
  void aSucceededDrillReportsItsRunStepsApprovalAndMeasurements() throws Exception {
    MeterRegistry registry = new SimpleMeterRegistry();
    Scope scope =
        new RootScopeBuilder()
            .reporter(new MicrometerClientStatsReporter(registry))
            .reportEvery(com.uber.m3.util.Duration.ofMillis(10));
    try (EngineHarness harness = new EngineHarness(scope, "n1")) {
      harness.activities.on(
          "etcd.waitCaughtUp",
          (w, c, a) -> Map.of("revisionLag", 12, "learnerRevision", 100, "leaderRevision", 112));
      harness.activities.on(
          "etcd.restoreSingleNode",
          (w, c, a) ->
              Map.of("millis", 2500, "dataDir", "/s/data", "clusterToken", "t", "revision", 100));
      harness.activities.on(
          "cluster.recordDrill",
          (w, c, a) ->
              Map.of("lagRevisions", 40, "catchUpRevisions", 12, "restoreMillis", 2500, "at", 1));
      WorkflowStub run = harness.start("drill", Map.of("cluster", "c1"));
      harness.env.sleep(Duration.ofMinutes(5));
      run.signal(RunbookWorkflow.SIGNAL_APPROVE, new ApprovalDecision("go", true, "alice", null));
      // the figures come from the drill's declared outputs, whatever activity made them
      run.getResult(RunResult.class);
    }
    scope.close();

    assertThat(registry.get(RunMetrics.RUNS_STARTED).tag("runbook", "drill").counter().count())
        .isEqualTo(1);
    assertThat(
            registry
                .get(RunMetrics.RUNS_FINISHED)
                .tags("runbook", "drill", "outcome", "succeeded")
                .counter()
                .count())
        .isEqualTo(1);
    assertThat(
            registry
                .get(RunMetrics.STEP_DURATION)
                .tags("step", "restore", "kind", "etcd.restoreSingleNode", "outcome", "done")
                .timer()
                .count())
        .isEqualTo(1);
    assertThat(
            registry
                .get(RunMetrics.APPROVAL_WAIT)
                .tags("step", "go", "outcome", "done")
                .timer()
                .totalTime(java.util.concurrent.TimeUnit.SECONDS))
        .as("the approval waited about five minutes of workflow time")
        .isBetween(290.0, 300.0);
    assertThat(registry.get(RunMetrics.DRILL_RPO).tag("cluster", "c1").gauge().value())
        .as("the lag at the cut, not the lag after the catch-up wait")
        .isEqualTo(40);
    assertThat(registry.get(RunMetrics.DRILL_RESTORE).tag("cluster", "c1").gauge().value())
        .isEqualTo(2.5);
    assertThat(registry.get(RunMetrics.DRILL_LAST_SUCCESS).tag("cluster", "c1").gauge().value())
        .isGreaterThan(1.7e9);
  }

  @Test
  void aSucceededSnapshotDrillReportsTheAgeOfTheSnapshotItRestored() throws Exception {
    MeterRegistry registry = new SimpleMeterRegistry();
    Scope scope =
        new RootScopeBuilder()
            .reporter(new MicrometerClientStatsReporter(registry))
            .reportEvery(com.uber.m3.util.Duration.ofMillis(10));
    try (EngineHarness harness = new EngineHarness(scope, "n1")) {
      harness.activities.on(
          "store.find", (w, c, a) -> Map.of("name", "c1-1.db.enc", "ageSeconds", 5400));
      harness.activities.on("etcd.restoreSingleNode", (w, c, a) -> Map.of("millis", 800));
      harness.start("backup-drill", Map.of("cluster", "c1")).getResult(RunResult.class);
    }
    scope.close();

    assertThat(
            registry
                .get(RunMetrics.DRILL_SNAPSHOT_AGE)
                .tags("runbook", "backup-drill", "cluster", "c1")
                .gauge()
                .value())
        .isEqualTo(5400);
    assertThat(
            registry
                .get(RunMetrics.DRILL_RESTORE)
                .tags("runbook", "backup-drill", "cluster", "c1")
                .gauge()
                .value())
        .isEqualTo(0.8);
  }
}
