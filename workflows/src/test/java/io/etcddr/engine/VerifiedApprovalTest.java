package io.etcddr.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * `approval: { people: 2, roles: [sre] }`: only decisions the worker signed for an identified
 * person count; two different people holding the role must approve; the same person twice counts
 * once; a reject by anyone with the role ends the wait; forged, replayed or bare decisions are
 * refused.
 */
class VerifiedApprovalTest {

  private final EngineHarness harness = new EngineHarness("n1");

  @BeforeEach
  void scriptActivities() {
    harness.activities.on("docker.stop", (w, c, a) -> Map.of("stopped", true));
  }

  @AfterEach
  void close() {
    harness.close();
  }

  @Test
  void twoDifferentPeopleWithTheRoleMustApproveAndTheSamePersonCountsOnce() {
    WorkflowStub run = started();

    String first = decide(run, harness.verified(run, "go", true, "alice", "sre"));
    String again = decide(run, harness.verified(run, "go", true, "alice", "sre"));
    StepStatus waiting = goStep(run);
    String second = decide(run, harness.verified(run, "go", true, "bob", "sre", "dba"));
    RunResult result = run.getResult(RunResult.class);

    assertThat(first)
        .isEqualTo("approved `go` for alice, identified by token; 1 more person needed");
    assertThat(again)
        .isEqualTo("alice already approved `go`, which counts once; 1 more person needed");
    assertThat(waiting.state()).isEqualTo(StepState.WAITING_FOR_APPROVAL);
    assertThat(waiting.prompt())
        .isEqualTo("Fail over? [approved by alice (token); 1 more person needed]");
    assertThat(second).isEqualTo("approved `go` for bob, identified by token");
    @SuppressWarnings("unchecked")
    Map<String, Object> go = (Map<String, Object>) result.steps().get("go");
    assertThat(go).containsEntry("by", "alice, bob");
    assertThat((List<?>) go.get("people"))
        .extracting(p -> ((Map<?, ?>) p).get("name") + " " + ((Map<?, ?>) p).get("identifiedBy"))
        .containsExactly("alice token", "bob token");
    assertThat(harness.activities.callsOf("docker.stop")).hasSize(1);
  }

  @Test
  void aBareSignalOrANameTypedInTheWebUiIsRefusedWithWhereToApprove() {
    WorkflowStub run = started();

    run.signal(RunbookWorkflow.SIGNAL_APPROVE, new ApprovalDecision("go", true, "alice", null));
    run.signal(RunbookWorkflow.SIGNAL_APPROVE, new ApprovalDecision("go", true, "bob", null));
    harness.env.sleep(Duration.ofSeconds(5));

    assertThat(goStep(run).state()).isEqualTo(StepState.WAITING_FOR_APPROVAL);
    assertThatThrownBy(() -> decide(run, new ApprovalDecision("go", true, "alice", null)))
        .isInstanceOf(WorkflowUpdateException.class)
        .rootCause()
        .hasMessageContaining(
            "`go` counts only people the worker identified (2 people, role sre), and a bare"
                + " signal or `approve --by` carries no identity: approve through the worker's"
                + " HTTP API with your personal token");
  }

  @Test
  void aForgedOrReplayedIdentityDoesNotCount() {
    WorkflowStub run = started();
    ApprovalDecision forged = new TestApprovers().decision(id(run), "go", true, "alice", "sre");
    ApprovalDecision otherRun =
        harness.approvers.decision("another-run", "go", true, "alice", "sre");
    ApprovalDecision renamed = harness.verified(run, "go", true, "alice", "sre");
    ApprovalDecision tampered =
        new ApprovalDecision(
            "go",
            true,
            "mallory",
            null,
            new VerifiedIdentity(
                "mallory",
                List.of("sre"),
                "token",
                id(run),
                "go",
                true,
                renamed.identity().issuedAt(),
                renamed.identity().signature()));

    assertThatThrownBy(() -> decide(run, forged))
        .rootCause()
        .hasMessageContaining("does not verify against the worker's approval key");
    assertThatThrownBy(() -> decide(run, otherRun))
        .rootCause()
        .hasMessageContaining("this decision was signed for run another-run step `go`");
    assertThatThrownBy(() -> decide(run, tampered))
        .rootCause()
        .hasMessageContaining("does not verify");
    assertThat(goStep(run).state()).isEqualTo(StepState.WAITING_FOR_APPROVAL);
  }

  @Test
  void someoneWithoutTheRoleCannotDecideButARejectByAnyoneWithItEndsTheWait() {
    WorkflowStub run = started();

    assertThatThrownBy(() -> decide(run, harness.verified(run, "go", true, "carol", "dba")))
        .rootCause()
        .hasMessageContaining(
            "carol holds none of the roles `go` asks for (sre); their roles: dba");
    decide(run, harness.verified(run, "go", true, "alice", "sre"));
    String rejected = decide(run, harness.verified(run, "go", false, "dave", "sre"));

    assertThat(rejected).isEqualTo("rejected `go` for dave, identified by token");
    assertThatThrownBy(() -> run.getResult(RunResult.class))
        .isInstanceOf(WorkflowFailedException.class);
    assertThat(harness.status(run).failure()).contains("rejected by dave");
    assertThat(harness.activities.callsOf("docker.stop")).isEmpty();
  }

  private WorkflowStub started() {
    WorkflowStub run = harness.start("two-people", Map.of());
    for (int i = 0; i < 100; i++) {
      if (goStep(run).state() == StepState.WAITING_FOR_APPROVAL) {
        return run;
      }
      harness.env.sleep(Duration.ofMillis(200));
    }
    throw new AssertionError("approval never started waiting");
  }

  private StepStatus goStep(WorkflowStub run) {
    return harness.status(run).steps().get(0);
  }

  private static String decide(WorkflowStub run, ApprovalDecision decision) {
    return run.update(RunbookWorkflow.UPDATE_DECIDE, String.class, decision);
  }

  private static String id(WorkflowStub run) {
    return run.getExecution().getWorkflowId();
  }
}
