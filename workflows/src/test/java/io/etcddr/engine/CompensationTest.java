package io.etcddr.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The shipped failover-to-learner's onFailure undoes only what ran: refused at its second step it
 * compensates nothing; failed after kube-apiserver was stopped it starts the apiservers again (and
 * the learner's etcd, and withdraws its fence orders). A run whose inputs name an unknown node
 * fails before any step and compensation.
 */
class CompensationTest {

  private static final Map<String, Object> INPUTS = Map.of("cluster", "lab", "learner", "node1");

  /** The lost site's agents are gone: only site B's nodes have workers. */
  private final EngineHarness harness = new EngineHarness("node1", "node2", "deploy", "ca");

  @AfterEach
  void close() {
    harness.close();
  }

  @Test
  void refusedFailoverRunsNoCompensation() {
    script(true);

    WorkflowStub run = harness.start(harness.shippedPlan("failover-to-learner"), INPUTS);

    assertThatThrownBy(() -> run.getResult(RunResult.class))
        .isInstanceOf(WorkflowFailedException.class);
    assertThat(harness.status(run).failure()).contains("still has quorum");
    assertThat(harness.activities.callsOf("docker.start")).isEmpty();
    assertThat(harness.activities.callsOf("cluster.withdrawFences")).isEmpty();
    assertThat(harness.status(run).steps())
        .filteredOn(StepStatus::onFailure)
        .extracting(StepStatus::state)
        .containsOnly(StepState.NOT_NEEDED);
  }

  @Test
  void aRefusedFailoverSaysNothingWasRestored() {
    script(true);

    WorkflowStub run = harness.start(harness.shippedPlan("failover-to-learner"), INPUTS);

    assertThatThrownBy(() -> run.getResult(RunResult.class))
        .isInstanceOf(WorkflowFailedException.class);
    RunStatus status = harness.status(run);
    assertThat(status.steps())
        .filteredOn(s -> !s.onFailure())
        .filteredOn(s -> List.of("restore", "start-etcd", "verify", "rke-up").contains(s.id()))
        .extracting(StepStatus::state)
        .containsOnly(StepState.NOT_RUN);
    assertThat(status.steps()).extracting(StepStatus::state).doesNotContain(StepState.PENDING);
    assertThat(status.outputs())
        .as("no member was restored, so none is named")
        .containsEntry("member", null)
        .containsEntry("clientUrl", null)
        .containsEntry("restoredRevision", null);
  }

  @Test
  void failoverFailedAfterStoppingTheApiserversStartsThemAgain() {
    script(false);
    harness.activities.on(
        "etcd.copyBackend",
        (w, c, a) -> {
          throw ApplicationFailure.newNonRetryableFailure("disk full", "PreconditionFailed");
        });

    WorkflowStub run = harness.start(harness.shippedPlan("failover-to-learner"), INPUTS);
    harness.env.sleep(Duration.ofSeconds(30));
    harness.approveAsTwoPeople(run, "go");

    assertThatThrownBy(() -> run.getResult(RunResult.class))
        .isInstanceOf(WorkflowFailedException.class);
    assertThat(harness.activities.callsOf("docker.start"))
        .extracting(c -> c.taskQueue() + " " + c.with().get("container"))
        .containsExactlyInAnyOrder(
            "etcd-dr@node1 etcd", "etcd-dr@node1 kube-apiserver", "etcd-dr@node2 kube-apiserver");
    // The copy runs beside the verdict taken again after the approval: fence orders made by then
    // are withdrawn, and none may be made after the copy failed.
    assertThat(harness.activities.callsOf("cluster.withdrawFences"))
        .hasSameSizeAs(harness.activities.callsOf("cluster.fence"));
    assertThat(harness.activities.callsOf("fence.node")).isEmpty();
  }

  @Test
  void unknownNodeFailsTheRunBeforeAnyStep() {
    WorkflowStub run =
        harness.start(
            harness.shippedPlan("failover-to-learner"),
            Map.of("cluster", "lab", "learner", "node9"));

    assertThatThrownBy(() -> run.getResult(RunResult.class))
        .isInstanceOf(WorkflowFailedException.class);
    assertThat(harness.status(run).failure()).contains("input `learner`: `node9` is not a node");
    assertThat(harness.activities.calls).isEmpty();
    assertThat(harness.status(run).steps())
        .extracting(StepStatus::state)
        .containsOnly(StepState.NOT_RUN);
  }

  /** A lab-like cluster: site A (master1..3) lost, site B (node1, node2) up. */
  private void script(boolean quorum) {
    harness.activities.on("etcd.status", (w, c, a) -> Map.of("quorum", quorum, "leader", ""));
    SiteALost.script(harness.activities, List.of("master1", "master2", "master3"));
  }
}
