package io.etcddr.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.WorkerOptions;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A workflow task that holds its thread for 2 s — what a cold worker's first tasks do on a busy
 * node while the engine's classes load — fails under the SDK's 1 s deadlock detection, and passes
 * under the worker's.
 */
class BusyNodeDeadlockTest {

  @WorkflowInterface
  public interface SlowFirstTask {
    @WorkflowMethod
    String run();
  }

  /** Slow once: the task's retry, if it gets one, runs warm. */
  public static class SlowFirstTaskImpl implements SlowFirstTask {
    static final AtomicBoolean COLD = new AtomicBoolean();

    @Override
    public String run() {
      if (COLD.getAndSet(false)) {
        try {
          Thread.sleep(2_000); // stands for class loading and JIT on a busy node
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return "done";
    }
  }

  @Test
  void theSdksDefaultFailsTheTask() {
    assertThat(failedTasks(WorkerOptions.newBuilder().build())).isPositive();
  }

  @Test
  void theWorkersDetectionLetsTheTaskFinish() {
    assertThat(failedTasks(WorkerProcess.forBusyNodes(WorkerOptions.newBuilder().build())))
        .isZero();
  }

  private static long failedTasks(WorkerOptions options) {
    SlowFirstTaskImpl.COLD.set(true);
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      env.newWorker("slow", options).registerWorkflowImplementationTypes(SlowFirstTaskImpl.class);
      env.start();
      SlowFirstTask run =
          env.getWorkflowClient()
              .newWorkflowStub(
                  SlowFirstTask.class,
                  WorkflowOptions.newBuilder().setTaskQueue("slow").setWorkflowId("slow").build());
      assertThat(run.run()).isEqualTo("done");
      return env.getWorkflowClient().fetchHistory("slow").getEvents().stream()
          .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED)
          .count();
    }
  }
}
