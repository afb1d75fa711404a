package io.etcddr.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.etcddr.contract.Preflight;
import io.etcddr.contract.Preflight.Readiness;
import io.etcddr.contract.PreflightRequest;
import io.etcddr.contract.TaskQueues;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The dry run's walk of a plan: each step asked where it would run, `if` and `on` evaluated over
 * what the preflights learned, values made by earlier effects left to run time, approvals shown and
 * not asked, a refusal marked not ready; its history replays.
 */
class DryRunWorkflowTest {

  private final EngineHarness harness = new EngineHarness("n1", "n2");

  @AfterEach
  void close() {
    harness.close();
  }

  @Test
  void aSiteLostDryRunWalksEveryStepAndLeavesEffectsToRunTime() throws Exception {
    answerStatus(false);

    DryRunReport report = dryRun("lost");

    assertThat(report.rows())
        .extracting(DryRunReport.Row::step, DryRunReport.Row::node, DryRunReport.Row::readiness)
        .containsExactly(
            tuple("status", "", Readiness.READY),
            tuple("refuse-healthy", "", Readiness.SKIPPED),
            tuple("go", "", Readiness.READY),
            tuple("copy", "n1", Readiness.READY),
            tuple("restore", "n1", Readiness.AT_RUN_TIME),
            tuple("inspect", "?", Readiness.AT_RUN_TIME),
            tuple("stop", "n1", Readiness.READY),
            tuple("stop", "n2", Readiness.READY));
    assertThat(report.ready()).isTrue();
    assertThat(report.rows().get(2).would())
        .isEqualTo("ask 2 people with role sre to approve: Fail over lab (leader m1)?");
    assertThat(report.rows().get(2).why()).isEqualTo("shown, not asked");
    // The restore's source comes from the copy, which has not happened: the preflight is told.
    Map<String, Object> restoreAsked =
        harness.activities.callsOf(PreflightRequest.ACTIVITY).stream()
            .map(ScriptedActivities.Call::with)
            .filter(w -> "etcd.restoreSingleNode".equals(w.get("uses")))
            .findFirst()
            .orElseThrow();
    assertThat(restoreAsked.get("unknown")).isEqualTo(List.of("source"));
    assertThat(harness.activities.calls)
        .as("only preflights ran: no step's own activity")
        .allSatisfy(c -> assertThat(c.type()).isEqualTo(PreflightRequest.ACTIVITY));
    replay("lost");
  }

  @Test
  void aRefusalTheRunWouldMakeIsNotReady() throws Exception {
    answerStatus(true);

    DryRunReport report = dryRun("healthy");

    assertThat(report.ready()).isFalse();
    DryRunReport.Row refusal = report.rows().get(1);
    assertThat(refusal.readiness()).isEqualTo(Readiness.NOT_READY);
    assertThat(refusal.why()).isEqualTo("cluster lab still has quorum");
    replay("healthy");
  }

  /**
   * Status reads for real in a preflight, so its outputs are known; the rest say what they'd do.
   */
  private void answerStatus(boolean quorum) {
    harness.activities.on(
        PreflightRequest.ACTIVITY,
        (with, context, activity) -> {
          String uses = String.valueOf(with.get("uses"));
          if (uses.equals("etcd.status")) {
            Map<String, Object> outputs = new LinkedHashMap<>();
            outputs.put("quorum", quorum);
            outputs.put("leader", "m1");
            return Preflight.ready("read the cluster's status", outputs);
          }
          List<?> unknown = (List<?>) with.get("unknown");
          return unknown.isEmpty()
              ? Preflight.ready(uses + " on " + context.node())
              : Preflight.atRunTime(uses, unknown + " come from earlier steps");
        });
  }

  private DryRunReport dryRun(String id) {
    return harness
        .client
        .newWorkflowStub(
            DryRunWorkflow.class,
            WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(TaskQueues.WORKER).build())
        .dryRun(RunRequest.ofPlan(harness.plan("dry-run"), Map.of()));
  }

  private void replay(String id) throws Exception {
    var history = harness.client.fetchHistory(id);
    try (TestWorkflowEnvironment replay = ReplayDeterminismTest.replayEnvironment()) {
      WorkflowReplayer.replayWorkflowExecution(history, replay, DryRunWorkflowImpl.class);
    }
  }
}
