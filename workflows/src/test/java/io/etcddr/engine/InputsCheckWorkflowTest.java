package io.etcddr.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.etcddr.contract.FailureType;
import io.etcddr.contract.PlanInput;
import io.etcddr.contract.TaskQueues;
import io.etcddr.runbook.compile.Plan;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The check a starter without an inventory asks the worker for: a refused input comes back as its
 * one line, not as a failed workflow; good inputs come back empty; its history replays.
 */
class InputsCheckWorkflowTest {

  private TestWorkflowEnvironment env;

  @BeforeEach
  void start() {
    env = ReplayDeterminismTest.replayEnvironment();
    Worker worker = env.newWorker(TaskQueues.WORKER);
    worker.registerWorkflowImplementationTypes(InputsCheckWorkflowImpl.class);
    worker.registerActivitiesImplementations(new KnowsOneCluster());
    env.start();
  }

  @AfterEach
  void stop() {
    env.close();
  }

  @Test
  void anUnknownClusterComesBackAsItsOneLine() throws Exception {
    String answer = check("ghost", "x");

    assertThat(answer).isEqualTo("input `cluster`: no cluster `ghost`; known clusters: lab");
    replay("x");
  }

  @Test
  void goodInputsComeBackEmpty() throws Exception {
    assertThat(check("lab", "y")).isEmpty();
    replay("y");
  }

  private String check(String cluster, String id) {
    InputsCheckWorkflow check =
        env.getWorkflowClient()
            .newWorkflowStub(
                InputsCheckWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setWorkflowId(id)
                    .setTaskQueue(TaskQueues.WORKER)
                    .build());
    return check.check(
        List.of(new PlanInput("cluster", "string", true, null, null)), Map.of("cluster", cluster));
  }

  private void replay(String id) throws Exception {
    WorkflowExecutionHistory history = env.getWorkflowClient().fetchHistory(id);
    try (TestWorkflowEnvironment replay = ReplayDeterminismTest.replayEnvironment()) {
      WorkflowReplayer.replayWorkflowExecution(history, replay, InputsCheckWorkflowImpl.class);
    }
  }

  /** The worker's side: an inventory that knows the cluster `lab`. */
  static final class KnowsOneCluster implements EngineActivities {
    @Override
    public Plan loadPlan(String runbook) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void checkInputs(List<PlanInput> declared, Map<String, Object> inputs) {
      if (!"lab".equals(inputs.get("cluster"))) {
        throw ApplicationFailure.newNonRetryableFailure(
            "input `cluster`: no cluster `" + inputs.get("cluster") + "`; known clusters: lab",
            FailureType.BadInput.name());
      }
    }

    @Override
    public String approvalKey() {
      return "";
    }

    @Override
    public String caNode(String cluster) {
      throw new UnsupportedOperationException();
    }

    @Override
    public String deployNode(String cluster) {
      throw new UnsupportedOperationException();
    }
  }
}
