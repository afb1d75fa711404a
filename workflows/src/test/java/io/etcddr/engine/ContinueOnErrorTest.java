package io.etcddr.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.client.WorkflowStub;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A failed step with `continueOnError` is recorded as failed and the run goes on. */
class ContinueOnErrorTest {

  private final EngineHarness harness = new EngineHarness();

  @AfterEach
  void close() {
    harness.close();
  }

  @Test
  void runSucceedsPastTheFailedOptionalStep() {
    harness.activities.on(
        "etcd.removeMember",
        (w, c, a) -> {
          throw new IllegalStateException("member gone not found");
        });

    WorkflowStub run = harness.start("continue", Map.of());
    run.getResult(RunResult.class);

    StepStatus optional = harness.status(run).steps().get(0);
    assertThat(optional.state()).isEqualTo(StepState.FAILED_CONTINUED);
    assertThat(optional.error()).contains("member gone not found");
    assertThat(harness.activities.callsOf("etcd.status")).hasSize(1);
    assertThat(harness.status(run).state()).isEqualTo(RunState.SUCCEEDED);
  }
}
