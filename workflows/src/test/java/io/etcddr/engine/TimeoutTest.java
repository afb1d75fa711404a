package io.etcddr.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** `timeout:` bounds each attempt; `heartbeat:` catches an activity that stopped reporting. */
class TimeoutTest {

  private final EngineHarness harness = new EngineHarness("n1");

  @AfterEach
  void close() {
    harness.close();
  }

  @Test
  void attemptLongerThanTheTimeoutFailsTheStepAfterItsRetries() {
    harness.activities.on(
        "etcd.status",
        (w, c, a) -> {
          Thread.sleep(4000);
          return Map.of();
        });

    WorkflowStub run = harness.start("timeouts", Map.of("which", "slow"));

    assertThatThrownBy(() -> run.getResult(RunResult.class))
        .isInstanceOf(WorkflowFailedException.class);
    assertThat(harness.status(run).failure())
        .startsWith("step `slow` failed: timed out (start_to_close)");
    assertThat(harness.activities.callsOf("etcd.status")).hasSize(2);
  }

  @Test
  void activityThatStopsHeartbeatingFailsOnTheHeartbeatTimeout() {
    harness.activities.on(
        "etcd.copyBackend",
        (w, c, a) -> {
          a.heartbeat("copied 10%");
          Thread.sleep(6000);
          return Map.of();
        });

    WorkflowStub run = harness.start("timeouts", Map.of("which", "silent"));

    assertThatThrownBy(() -> run.getResult(RunResult.class))
        .isInstanceOf(WorkflowFailedException.class);
    assertThat(harness.status(run).failure())
        .startsWith("step `silent` failed: timed out (heartbeat)");
  }
}
