package io.etcddr.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.CanceledFailure;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Aborting a run cancels what runs, runs `onFailure`, and ends the run cancelled with the reason.
 */
class AbortTest {

  private final EngineHarness harness = new EngineHarness("n1");

  @AfterEach
  void close() {
    harness.close();
  }

  @Test
  void abortWhileWaitingForApprovalRunsOnFailure() {
    harness.activities.on("etcd.status", (w, c, a) -> Map.of("leader", "1", "quorum", false));
    WorkflowStub run = harness.start("approval", Map.of());
    harness.env.sleep(Duration.ofSeconds(2));

    run.signal(RunbookWorkflow.SIGNAL_ABORT, new AbortRequest("wrong cluster", "carol"));
    run.cancel("wrong cluster");

    assertThatThrownBy(() -> run.getResult(RunResult.class))
        .isInstanceOf(WorkflowFailedException.class)
        .cause()
        .isInstanceOf(CanceledFailure.class);
    RunStatus status = harness.status(run);
    assertThat(status.state()).isEqualTo(RunState.CANCELLED);
    assertThat(status.abortedBy()).isEqualTo("carol: wrong cluster");
    assertThat(status.steps().get(1).state()).isEqualTo(StepState.CANCELLED);
    assertThat(harness.activities.callsOf("docker.start")).hasSize(1);
    assertThat(harness.activities.callsOf("notify.webhook").get(0).with().get("message"))
        .isEqualTo(Map.of("failed", "go", "why", "aborted by carol: wrong cluster"));
  }

  @Test
  void abortSignalAloneStopsTheRunAsAborted() {
    harness.activities.on("etcd.status", (w, c, a) -> Map.of("leader", "1", "quorum", false));
    WorkflowStub run = harness.start("approval", Map.of());
    harness.env.sleep(Duration.ofSeconds(2));

    run.signal(RunbookWorkflow.SIGNAL_ABORT, new AbortRequest("drill over", "dave"));

    assertThatThrownBy(() -> run.getResult(RunResult.class))
        .isInstanceOf(WorkflowFailedException.class)
        .cause()
        .hasMessageContaining("aborted by dave: drill over");
    assertThat(harness.status(run).state()).isEqualTo(RunState.CANCELLED);
    assertThat(harness.activities.callsOf("docker.start")).hasSize(1);
  }
}
