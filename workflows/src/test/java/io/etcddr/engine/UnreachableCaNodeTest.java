package io.etcddr.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A certificate that needs the CA node while no agent polls its queue fails in seconds, in one line
 * naming the CA node, not after the step's six-minute timeout with a generic message.
 */
class UnreachableCaNodeTest {

  /** n1's agent runs; the CA node's (`ca`) does not. */
  private final EngineHarness harness = new EngineHarness("n1");

  @AfterEach
  void close() {
    harness.close();
  }

  @Test
  void aSilentCaNodeFailsTheStepInSecondsNamingIt() {
    harness.activities.on(
        "cert.issue.prepare", (w, c, a) -> Map.of("reused", false, "csr", "CSR of n1"));
    WorkflowStub run = harness.start("ca-gone", Map.of());

    assertThatThrownBy(() -> run.getResult(RunResult.class))
        .isInstanceOf(WorkflowFailedException.class);
    var events =
        harness
            .env
            .getWorkflowClient()
            .fetchHistory(run.getExecution().getWorkflowId())
            .getEvents();
    long took =
        events.get(events.size() - 1).getEventTime().getSeconds()
            - events.get(0).getEventTime().getSeconds();
    assertThat(took)
        .as("workflow seconds from start to failure")
        .isLessThanOrEqualTo(SignedOnCaNode.CA_REACH.toSeconds() + 5);
    assertThat(harness.status(run).failure())
        .isEqualTo(
            "step `cert` failed: the CA node ca does not answer: no agent took the signing on"
                + " etcd-dr@ca within 10 s; start its agent, or restore the CA key on a node that"
                + " answers (etcd-dr ca-key restore) and make that node caNode");
    assertThat(harness.activities.callsOf("cert.issue.sign")).isEmpty();
  }
}
