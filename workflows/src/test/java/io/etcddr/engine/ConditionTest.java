package io.etcddr.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** `if` is evaluated in the workflow: a false guard is skipped and the steps after it still run. */
class ConditionTest {

  private final EngineHarness harness = new EngineHarness();

  @AfterEach
  void close() {
    harness.close();
  }

  @Test
  void guardFailsTheRunWhenItsConditionHolds() {
    harness.activities.on("etcd.status", (w, c, a) -> Map.of("quorum", true, "leader", "8e9e"));

    WorkflowStub run = harness.start("conditions", Map.of());

    assertThatThrownBy(() -> run.getResult(RunResult.class))
        .isInstanceOf(WorkflowFailedException.class)
        .cause()
        .hasMessageContaining(
            "step `refuse-healthy` failed: cluster still has quorum (leader 8e9e)");
    assertThat(harness.activities.callsOf("etcd.verify")).isEmpty();
    assertThat(harness.status(run).steps())
        .extracting(StepStatus::id, StepStatus::state)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("status", StepState.DONE),
            org.assertj.core.groups.Tuple.tuple("refuse-healthy", StepState.FAILED),
            org.assertj.core.groups.Tuple.tuple("after", StepState.NOT_RUN));
  }

  @Test
  void skippedGuardLetsTheNextStepRun() {
    harness.activities.on("etcd.status", (w, c, a) -> Map.of("quorum", true, "leader", "8e9e"));

    WorkflowStub run = harness.start("conditions", Map.of("force", true));
    run.getResult(RunResult.class);

    assertThat(harness.activities.callsOf("etcd.verify")).hasSize(1);
    assertThat(harness.status(run).steps().get(1).state()).isEqualTo(StepState.SKIPPED);
  }

  @Test
  void aSkippedStepsOutputsAreNullForTheExpressionsAfterIt() {
    harness.activities.on("etcd.verify", (w, c, a) -> Map.of("revision", 7));

    RunResult skipped = harness.start("skipped-outputs", Map.of()).getResult(RunResult.class);
    RunResult ran =
        harness.start("skipped-outputs", Map.of("verify", true)).getResult(RunResult.class);

    assertThat(harness.activities.callsOf("etcd.status"))
        .extracting(call -> call.with().get("timeout"))
        .containsExactly("5s", "7s");
    assertThat(skipped.outputs()).containsEntry("revision", null);
    assertThat(ran.outputs()).containsEntry("revision", 7);
  }
}
