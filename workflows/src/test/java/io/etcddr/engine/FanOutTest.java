package io.etcddr.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** `on:` with a list runs one activity per node on that node's queue; outputs map node → result. */
class FanOutTest {

  private final EngineHarness harness = new EngineHarness("n1", "n2", "n3");

  @AfterEach
  void close() {
    harness.close();
  }

  @Test
  void oneActivityPerNodeWithOutputsByNode() {
    harness.activities.on("docker.stop", (w, c, a) -> Map.of("running", false, "node", c.node()));

    WorkflowStub run = harness.start("fan-out", Map.of("nodes", List.of("n1", "n2", "n3")));
    RunResult result = run.getResult(RunResult.class);

    assertThat(harness.activities.callsOf("docker.stop"))
        .extracting(ScriptedActivities.Call::taskQueue)
        .containsExactlyInAnyOrder("etcd-dr@n1", "etcd-dr@n2", "etcd-dr@n3");
    assertThat(harness.activities.callsOf("docker.stop"))
        .extracting(c -> c.context().idempotencyKey())
        .containsExactlyInAnyOrder(
            "fan-out-test/stop/n1", "fan-out-test/stop/n2", "fan-out-test/stop/n3");
    assertThat(result.steps().get("stop"))
        .isEqualTo(
            Map.of(
                "n1", Map.of("running", false, "node", "n1"),
                "n2", Map.of("running", false, "node", "n2"),
                "n3", Map.of("running", false, "node", "n3")));
  }

  @Test
  void outputsOfOneNodeDecideALaterCondition() {
    harness.activities.on("docker.stop", (w, c, a) -> Map.of("running", c.node().equals("n2")));

    WorkflowStub run = harness.start("fan-out", Map.of("nodes", List.of("n1", "n2")));

    assertThatThrownBy(() -> run.getResult(RunResult.class))
        .isInstanceOf(WorkflowFailedException.class)
        .cause()
        .hasMessageContaining(
            "step `check` failed: kube-apiserver still runs on one of [\"n1\",\"n2\"]");
  }
}
