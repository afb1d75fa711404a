package io.etcddr.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A step's `retry:` becomes the activity's retry policy: attempts, backoff, non-retryable types.
 */
class RetryPolicyTest {

  private final EngineHarness harness = new EngineHarness();

  @AfterEach
  void close() {
    harness.close();
  }

  @Test
  void flakyStepSucceedsOnALaterAttemptAfterBackoff() {
    harness
        .activities
        .on(
            "etcd.status",
            (w, c, a) -> {
              if (a.getInfo().getAttempt() < 3) {
                throw new IllegalStateException("etcdserver: request timed out");
              }
              return Map.of("quorum", true);
            })
        .on("etcd.verify", (w, c, a) -> Map.of("keys", 1));
    long start = harness.env.currentTimeMillis();

    harness.start("retries", Map.of()).getResult(RunResult.class);

    assertThat(harness.activities.callsOf("etcd.status"))
        .extracting(ScriptedActivities.Call::attempt)
        .containsExactly(1, 2, 3);
    // 1s then 2s of backoff between the three attempts (time-skipped).
    assertThat(harness.env.currentTimeMillis() - start).isGreaterThanOrEqualTo(3000);
  }

  @Test
  void stepFailsWhenAttemptsRunOut() {
    harness.activities.on(
        "etcd.status",
        (w, c, a) -> {
          throw new IllegalStateException("etcdserver: request timed out");
        });

    WorkflowStub run = harness.start("retries", Map.of());

    assertThatThrownBy(() -> run.getResult(RunResult.class))
        .isInstanceOf(WorkflowFailedException.class)
        .rootCause()
        .hasMessageContaining("etcdserver: request timed out");
    assertThat(harness.activities.callsOf("etcd.status")).hasSize(4);
  }

  @Test
  void nonRetryableFailureTypeStopsAtTheFirstAttempt() {
    harness
        .activities
        .on("etcd.status", (w, c, a) -> Map.of("quorum", true))
        .on(
            "etcd.verify",
            (w, c, a) -> {
              throw ApplicationFailure.newFailure("revision 3 < 9", "PreconditionFailed");
            });

    WorkflowStub run = harness.start("retries", Map.of());

    assertThatThrownBy(() -> run.getResult(RunResult.class))
        .isInstanceOf(WorkflowFailedException.class);
    assertThat(harness.activities.callsOf("etcd.verify")).hasSize(1);
    assertThat(harness.status(run).failure()).isEqualTo("step `refused` failed: revision 3 < 9");
  }
}
