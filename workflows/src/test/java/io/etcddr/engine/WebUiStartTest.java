package io.etcddr.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A run started the way the Temporal Web UI starts one: by type name, on task queue `etcd-dr`, with
 * JSON holding only a runbook name and inputs; approved with an untyped `approve` signal.
 */
class WebUiStartTest {

  private final EngineHarness harness = new EngineHarness("n1");

  @AfterEach
  void close() {
    harness.close();
  }

  @Test
  void runStartedByNameWithPlainJsonCompletes() {
    harness.activities.on("etcd.status", (w, c, a) -> Map.of("leader", "8e9e", "quorum", false));
    WorkflowStub run =
        harness.client.newUntypedWorkflowStub(
            "RunbookWorkflow",
            WorkflowOptions.newBuilder()
                .setTaskQueue("etcd-dr")
                .setWorkflowId("from-web-ui")
                .build());

    // an approval that asks for no people, roles or approvers: a plain signal decides it
    run.start(Map.of("runbook", "open-approval", "inputs", Map.of("cluster", "prod-a")));
    for (int i = 0; i < 50 && !waiting(run); i++) {
      harness.env.sleep(Duration.ofMillis(200));
    }
    run.signal(
        "approve", Map.of("step", "go", "approved", true, "by", "alice", "comment", "from the UI"));
    Map<?, ?> result = run.getResult(Map.class);

    assertThat(result.get("runbook")).isEqualTo("open-approval");
    assertThat(harness.activities.callsOf("etcd.status").get(0).with())
        .containsEntry("cluster", "prod-a");
    assertThat(harness.activities.callsOf("docker.stop")).hasSize(1);
  }

  private boolean waiting(WorkflowStub run) {
    return harness.status(run).steps().stream()
        .anyMatch(s -> s.state() == StepState.WAITING_FOR_APPROVAL);
  }
}
