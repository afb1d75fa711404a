package io.etcddr.lab;

import io.etcddr.engine.RunStatus;
import io.etcddr.engine.RunbookWorkflow;
import io.etcddr.engine.StepState;
import io.etcddr.engine.StepStatus;
import io.temporal.client.WorkflowStub;
import java.time.Duration;
import java.util.Set;

/** Waits on a run's steps as its `status` query shows them, for the lab tests. */
final class RunSteps {

  private static final Duration WITHIN = Duration.ofMinutes(3);

  private RunSteps() {}

  /** The step once it is in one of {@code states}; fails after three minutes. */
  static StepStatus await(WorkflowStub run, String step, Set<StepState> states)
      throws InterruptedException {
    long deadline = System.nanoTime() + WITHIN.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        RunStatus status = run.query(RunbookWorkflow.QUERY_STATUS, RunStatus.class);
        for (StepStatus s : status.steps()) {
          if (s.id().equals(step) && states.contains(s.state())) {
            return s;
          }
        }
      } catch (RuntimeException noWorkerNow) {
        // a worker is still starting, or is being replaced
      }
      Thread.sleep(50);
    }
    throw new AssertionError("step " + step + " never reached " + states);
  }

  static StepStatus await(WorkflowStub run, String step, StepState state)
      throws InterruptedException {
    return await(run, step, Set.of(state));
  }

  /** The approval step `go` once it waits for a decision. */
  static StepStatus awaitApproval(WorkflowStub run) throws InterruptedException {
    return await(run, "go", StepState.WAITING_FOR_APPROVAL);
  }
}
