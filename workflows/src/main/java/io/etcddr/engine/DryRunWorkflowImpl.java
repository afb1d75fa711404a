package io.etcddr.engine;

import io.etcddr.contract.FailureType;
import io.etcddr.contract.Preflight;
import io.etcddr.contract.TaskQueues;
import io.etcddr.runbook.compile.Plan;
import io.etcddr.runbook.compile.PlanStep;
import io.etcddr.runbook.inputs.InputBinder;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Walks the plan in the order a run would, one step at a time: values are evaluated over what the
 * preflights learned, each step is asked where it would run ({@link DryRunSteps}). onFailure steps
 * are listed: they run only if the run fails.
 */
public class DryRunWorkflowImpl implements DryRunWorkflow {

  private final EngineActivities engine =
      Workflow.newActivityStub(
          EngineActivities.class,
          ActivityOptions.newBuilder()
              .setTaskQueue(TaskQueues.WORKER)
              .setStartToCloseTimeout(Duration.ofMinutes(1))
              .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(3).build())
              .build());

  @Override
  public DryRunReport dryRun(RunRequest request) {
    Plan plan = request.plan() != null ? request.plan() : engine.loadPlan(request.runbook());
    Map<String, Object> inputs;
    try {
      inputs = InputBinder.bind(plan.inputs(), request.inputs());
      engine.checkInputs(plan.inputs(), inputs);
    } catch (InputBinder.InputException e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), FailureType.BadInput.name());
    } catch (ActivityFailure e) {
      throw ApplicationFailure.newNonRetryableFailure(
          Failures.message(e), FailureType.BadInput.name());
    }
    var info = Workflow.getInfo();
    RunVariables variables =
        new RunVariables(
            inputs,
            info.getRunId(),
            plan.runbook(),
            Instant.ofEpochMilli(info.getRunStartedTimestampMillis()).toString());
    DryRunSteps steps = new DryRunSteps(variables, new NodeLookups(engine));
    List<DryRunReport.Row> rows = new ArrayList<>();
    for (PlanStep step : RunbookWorkflowImpl.inDependencyOrder(plan.steps())) {
      rows.addAll(steps.preflight(step));
    }
    for (PlanStep step : plan.onFailure()) {
      rows.add(
          new DryRunReport.Row(
              step.id(),
              "",
              "on failure: " + DryRunSteps.describe(step),
              Preflight.Readiness.AT_RUN_TIME,
              "runs only if the run fails"));
    }
    return new DryRunReport(plan.runbook(), inputs, rows);
  }
}
