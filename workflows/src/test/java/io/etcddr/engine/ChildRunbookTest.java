package io.etcddr.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** `runbook:` runs another runbook of the library as a child run, loaded by name. */
class ChildRunbookTest {

  private final EngineHarness harness = new EngineHarness("n1");

  @AfterEach
  void close() {
    harness.close();
  }

  @Test
  void childRunsWithTheStepsInputsAndTheParentContinuesAfterIt() {
    harness.activities.on("etcd.snapshot", (w, c, a) -> Map.of("path", "/tmp/s.db", "revision", 5));

    RunResult result = harness.start("child", Map.of()).getResult(RunResult.class);

    ScriptedActivities.Call snapshot = harness.activities.callsOf("etcd.snapshot").get(0);
    assertThat(snapshot.taskQueue()).isEqualTo("etcd-dr@n1");
    assertThat(snapshot.context().workflowId()).isEqualTo("child-test/backup");
    assertThat(snapshot.with()).containsEntry("cluster", "lab");
    assertThat(harness.activities.callsOf("etcd.verify").get(0).with())
        .containsEntry("cluster", "lab-succeeded");
    assertThat(result.steps().get("backup"))
        .isEqualTo(Map.of("runId", "child-test/backup", "status", "succeeded"));
  }
}
