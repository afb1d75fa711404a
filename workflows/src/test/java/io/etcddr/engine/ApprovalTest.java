package io.etcddr.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * `approval:` waits for the `approve` signal (or the `decide` update); a rejection or a timeout
 * fails the run and runs `onFailure`, which sees why. Its `approvers` are matched against the
 * identities the worker verified, never against a typed name.
 */
class ApprovalTest {

  private final EngineHarness harness = new EngineHarness("n1");

  @BeforeEach
  void scriptActivities() {
    harness.activities.on("etcd.status", (w, c, a) -> Map.of("leader", "8e9e", "quorum", false));
  }

  @AfterEach
  void close() {
    harness.close();
  }

  @Test
  void approvalBySignalLetsTheRunGoOn() {
    WorkflowStub run = harness.start("approval", Map.of());
    waitUntilWaiting(run);

    StepStatus waiting = harness.status(run).steps().get(1);
    assertThat(waiting.prompt()).isEqualTo("Fail over lab (leader 8e9e)? [1 person must approve]");
    run.signal(
        RunbookWorkflow.SIGNAL_APPROVE,
        commented(harness.verified(run, "go", true, "alice"), "go"));
    RunResult result = run.getResult(RunResult.class);

    @SuppressWarnings("unchecked")
    Map<String, Object> go = (Map<String, Object>) result.steps().get("go");
    assertThat(go)
        .containsEntry("approved", true)
        .containsEntry("by", "alice")
        .containsEntry("comment", "go");
    assertThat(go.get("people").toString()).contains("name=alice").contains("identifiedBy=token");
    assertThat(harness.activities.callsOf("docker.stop")).hasSize(1);
    assertThat(harness.activities.callsOf("docker.start")).isEmpty();
  }

  @Test
  void rejectionFailsTheRunAndRunsOnFailureWithTheReason() {
    WorkflowStub run = harness.start("approval", Map.of());
    waitUntilWaiting(run);

    run.signal(
        RunbookWorkflow.SIGNAL_APPROVE,
        commented(harness.verified(run, "go", false, "bob"), "not during the change freeze"));

    assertThatThrownBy(() -> run.getResult(RunResult.class))
        .isInstanceOf(WorkflowFailedException.class);
    assertThat(harness.activities.callsOf("docker.stop")).isEmpty();
    assertThat(harness.activities.callsOf("docker.start")).hasSize(1);
    assertThat(harness.activities.callsOf("notify.webhook").get(0).with().get("message"))
        .isEqualTo(Map.of("failed", "go", "why", "rejected by bob: not during the change freeze"));
    assertThat(harness.status(run).state()).isEqualTo(RunState.FAILED);
  }

  @Test
  void approvalThatNobodyGivesTimesOut() {
    WorkflowStub run = harness.start("approval", Map.of());
    waitUntilWaiting(run);

    harness.env.sleep(Duration.ofMinutes(61));

    assertThatThrownBy(() -> run.getResult(RunResult.class))
        .isInstanceOf(WorkflowFailedException.class);
    assertThat(harness.status(run).failure())
        .isEqualTo("step `go` failed: approval `go` timed out after PT1H");
    assertThat(harness.activities.callsOf("docker.start")).hasSize(1);
  }

  @Test
  void signalFromSomeoneNotAnApproverOrWithoutAnIdentityIsIgnored() {
    WorkflowStub run = harness.start("approval", Map.of());
    waitUntilWaiting(run);

    run.signal(RunbookWorkflow.SIGNAL_APPROVE, harness.verified(run, "go", true, "mallory"));
    run.signal(RunbookWorkflow.SIGNAL_APPROVE, new ApprovalDecision("go", true, "bob", null));
    harness.env.sleep(Duration.ofSeconds(5));

    assertThat(harness.status(run).steps().get(1).state())
        .as("mallory is no approver; a bare `bob` is a name anyone can type")
        .isEqualTo(StepState.WAITING_FOR_APPROVAL);
    run.signal(RunbookWorkflow.SIGNAL_APPROVE, harness.verified(run, "go", true, "bob"));
    run.getResult(RunResult.class);
  }

  @Test
  void updateAnswersAndItsValidatorRefusesWhatCannotBeDecided() {
    WorkflowStub run = harness.start("approval", Map.of());
    waitUntilWaiting(run);

    assertThatThrownBy(
            () ->
                run.update(
                    "decide", String.class, new ApprovalDecision("nope", true, "alice", null)))
        .isInstanceOf(WorkflowUpdateException.class)
        .rootCause()
        .hasMessageContaining("`nope` is not an approval step of this run");
    assertThatThrownBy(
            () -> run.update("decide", String.class, harness.verified(run, "go", true, "mallory")))
        .isInstanceOf(WorkflowUpdateException.class)
        .rootCause()
        .hasMessageContaining("mallory may not decide `go`; approvers: alice, bob");
    assertThatThrownBy(
            () ->
                run.update("decide", String.class, new ApprovalDecision("go", true, "alice", null)))
        .isInstanceOf(WorkflowUpdateException.class)
        .rootCause()
        .hasMessageContaining(
            "`go` counts only people the worker identified (1 person, among alice, bob)");
    String answer =
        run.update(
            RunbookWorkflow.UPDATE_DECIDE,
            String.class,
            harness.verified(run, "go", true, "alice"));

    assertThat(answer).isEqualTo("approved `go` for alice, identified by token");
    run.getResult(RunResult.class);
  }

  private static ApprovalDecision commented(ApprovalDecision decision, String comment) {
    return new ApprovalDecision(
        decision.step(), decision.approved(), decision.by(), comment, decision.identity());
  }

  private void waitUntilWaiting(WorkflowStub run) {
    for (int i = 0; i < 100; i++) {
      if (harness.status(run).steps().get(1).state() == StepState.WAITING_FOR_APPROVAL) {
        return;
      }
      harness.env.sleep(Duration.ofMillis(200));
    }
    throw new AssertionError("approval never started waiting");
  }
}
