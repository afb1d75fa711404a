package io.etcddr.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A runbook's `outputs` are evaluated when the run ends: the run's result and its status carry
 * them; after a failure the ones that can be had are there and the rest are null. A run that
 * succeeded lists its compensation steps as not needed, not pending.
 */
class RunOutputsTest {

  private final EngineHarness harness = new EngineHarness();

  @AfterEach
  void close() {
    harness.close();
  }

  @Test
  void aSucceededRunReturnsItsOutputsAndNeededNoCompensation() {
    harness.activities.on("etcd.status", (w, c, a) -> Map.of("quorum", true, "leader", "8e9e"));
    harness.activities.on("etcd.verify", (w, c, a) -> Map.of("keys", 10, "revision", 42));

    WorkflowStub run = harness.start("outputs", Map.of());
    RunResult result = run.getResult(RunResult.class);

    Map<String, Object> expected =
        Map.of("leader", "8e9e", "keys", 10, "summary", "leader 8e9e, 10 keys");
    assertThat(result.outputs()).isEqualTo(expected);
    assertThat(result.outputs().keySet()).containsExactly("leader", "keys", "summary");
    assertThat(result.steps()).containsKeys("status", "verify");
    RunStatus status = harness.status(run);
    assertThat(status.outputs()).isEqualTo(expected);
    assertThat(status.steps())
        .filteredOn(StepStatus::onFailure)
        .singleElement()
        .satisfies(undo -> assertThat(undo.state()).isEqualTo(StepState.NOT_NEEDED));
    assertThat(harness.activities.callsOf("etcd.verify")).hasSize(1);
  }

  @Test
  void aFailedRunKeepsTheOutputsItCouldHave() {
    harness.activities.on("etcd.status", (w, c, a) -> Map.of("quorum", true, "leader", "8e9e"));
    harness.activities.on("etcd.verify", (w, c, a) -> Map.of("keys", 3, "revision", 7));

    WorkflowStub run = harness.start("outputs", Map.of("fail", true));

    assertThatThrownBy(() -> run.getResult(RunResult.class))
        .isInstanceOf(WorkflowFailedException.class);
    RunStatus status = harness.status(run);
    assertThat(status.outputs()).containsEntry("leader", "8e9e");
    // `verify` never ran (the undo step's verify is another step): no value, not a second failure.
    assertThat(status.outputs()).containsEntry("keys", null).containsEntry("summary", null);
    assertThat(status.steps())
        .filteredOn(StepStatus::onFailure)
        .singleElement()
        .satisfies(undo -> assertThat(undo.state()).isEqualTo(StepState.DONE));
  }
}
