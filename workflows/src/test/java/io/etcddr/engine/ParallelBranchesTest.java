package io.etcddr.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Steps follow `needs`: independent branches run at the same time, a join waits for both, and a
 * branch that fails ends the run while the other is still running.
 */
class ParallelBranchesTest {

  private final EngineHarness harness = new EngineHarness("n1");

  @AfterEach
  void close() {
    harness.close();
  }

  @Test
  void independentBranchesOverlapAndTheJoinSeesBothOutputs() {
    CountDownLatch rightStarted = new CountDownLatch(1);
    harness
        .activities
        .on("host.clock", (w, c, a) -> Map.of("epochMillis", 1L, "iso", "x"))
        .on(
            "etcd.status",
            (w, c, a) -> {
              // Finishes only once `right` runs too: sequential execution would time out here.
              assertThat(rightStarted.await(10, TimeUnit.SECONDS)).isTrue();
              return Map.of("leader", "abc", "quorum", true);
            })
        .on(
            "etcd.verify",
            (w, c, a) -> {
              rightStarted.countDown();
              return Map.of("keys", 42, "revision", 7);
            })
        .on("notify.webhook", (w, c, a) -> Map.of("status", 200));

    WorkflowStub run = harness.start("branches", Map.of());
    RunResult result = run.getResult(RunResult.class);

    assertThat(harness.activities.calls)
        .extracting(ScriptedActivities.Call::type)
        .first()
        .isEqualTo("host.clock");
    assertThat(harness.activities.calls)
        .extracting(ScriptedActivities.Call::type)
        .last()
        .isEqualTo("notify.webhook");
    assertThat(harness.activities.callsOf("notify.webhook").get(0).with())
        .isEqualTo(
            Map.of(
                "url", "http://127.0.0.1:9/hook", "message", Map.of("leader", "abc", "keys", 42)));
    assertThat(harness.activities.callsOf("host.clock").get(0).taskQueue()).isEqualTo("etcd-dr@n1");
    assertThat(harness.activities.callsOf("etcd.status").get(0).taskQueue()).isEqualTo("etcd-dr");
    assertThat(result.steps()).containsKeys("first", "left", "right", "join");
  }

  @Test
  void aFailedBranchEndsTheRunWithoutWaitingForTheOtherAndTheJoinNeverStarts() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch rightRunning = new CountDownLatch(1);
    harness
        .activities
        .on("host.clock", (w, c, a) -> Map.of("epochMillis", 1L, "iso", "x"))
        .on(
            "etcd.status",
            (w, c, a) -> {
              assertThat(rightRunning.await(10, TimeUnit.SECONDS)).isTrue();
              throw ApplicationFailure.newNonRetryableFailure("no leader", "PreconditionFailed");
            })
        .on(
            "etcd.verify",
            (w, c, a) -> {
              rightRunning.countDown();
              // Held until the run has ended: a run that waited for this branch would never end.
              release.await(60, TimeUnit.SECONDS);
              return Map.of("keys", 42, "revision", 7);
            })
        .on("notify.webhook", (w, c, a) -> Map.of("status", 200));
    try {
      WorkflowStub run = harness.start("branches", Map.of());

      assertThatThrownBy(() -> run.getResult(30, TimeUnit.SECONDS, RunResult.class))
          .isInstanceOf(WorkflowFailedException.class)
          .hasStackTraceContaining("step `left` failed: no leader");
      assertThat(release.getCount()).as("the right branch was still held").isEqualTo(1);
      assertThat(harness.activities.callsOf("notify.webhook")).isEmpty();
    } finally {
      release.countDown();
    }
  }
}
