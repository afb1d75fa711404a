package io.etcddr.engine;

import io.etcddr.contract.FailureType;
import io.etcddr.contract.PlanInput;
import io.etcddr.contract.TaskQueues;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** One activity on the worker's queue: the same check a run makes before its first step. */
public class InputsCheckWorkflowImpl implements InputsCheckWorkflow {

  private final EngineActivities engine =
      Workflow.newActivityStub(
          EngineActivities.class,
          ActivityOptions.newBuilder()
              .setTaskQueue(TaskQueues.WORKER)
              .setStartToCloseTimeout(Duration.ofSeconds(10))
              .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(3).build())
              .build());

  @Override
  public String check(List<PlanInput> declared, Map<String, Object> inputs) {
    try {
      engine.checkInputs(declared, inputs);
      return "";
    } catch (ActivityFailure e) {
      if (e.getCause() instanceof ApplicationFailure refusal
          && FailureType.BadInput.name().equals(refusal.getType())) {
        return refusal.getOriginalMessage();
      }
      throw e;
    }
  }
}
