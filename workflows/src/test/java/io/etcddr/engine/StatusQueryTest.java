package io.etcddr.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.client.WorkflowStub;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The `status` query shows every step with its state, nodes, times, outputs and prompt. */
class StatusQueryTest {

  private final EngineHarness harness = new EngineHarness("n1");

  @AfterEach
  void close() {
    harness.close();
  }

  @Test
  void statusWhileWaitingForApprovalAndAfterTheEnd() {
    harness.activities.on("etcd.status", (w, c, a) -> Map.of("leader", "8e9e", "quorum", false));
    WorkflowStub run = harness.start("approval", Map.of("cluster", "prod-a"));
    RunStatus waiting = harness.status(run);
    for (int i = 0;
        i < 50 && waiting.steps().get(1).state() != StepState.WAITING_FOR_APPROVAL;
        i++) {
      harness.env.sleep(Duration.ofMillis(200));
      waiting = harness.status(run);
    }

    assertThat(waiting.runbook()).isEqualTo("approval");
    assertThat(waiting.state()).isEqualTo(RunState.RUNNING);
    assertThat(waiting.inputs()).isEqualTo(Map.of("cluster", "prod-a"));
    StepStatus status = waiting.steps().get(0);
    assertThat(status.state()).isEqualTo(StepState.DONE);
    assertThat(status.kind()).isEqualTo("etcd.status");
    assertThat(status.outputs()).isEqualTo(Map.of("leader", "8e9e", "quorum", false));
    assertThat(status.startedAt()).isNotNull();
    assertThat(status.endedAt()).isGreaterThanOrEqualTo(status.startedAt());
    assertThat(waiting.steps().get(1).prompt())
        .isEqualTo("Fail over prod-a (leader 8e9e)? [1 person must approve]");
    assertThat(waiting.steps().get(2).state()).isEqualTo(StepState.PENDING);
    assertThat(waiting.steps())
        .extracting(StepStatus::onFailure)
        .containsExactly(false, false, false, true, true);

    run.signal(RunbookWorkflow.SIGNAL_APPROVE, harness.verified(run, "go", true, "bob"));
    run.getResult(RunResult.class);
    RunStatus done = harness.status(run);

    assertThat(done.state()).isEqualTo(RunState.SUCCEEDED);
    assertThat(done.endedAt()).isNotNull();
    assertThat(done.steps().get(2).nodes()).containsExactly("n1");
    // Nothing failed: the compensation steps were not needed (not left pending).
    assertThat(done.steps().get(3).state()).isEqualTo(StepState.NOT_NEEDED);
    assertThat(done.steps().get(4).state()).isEqualTo(StepState.NOT_NEEDED);
  }
}
