package io.etcddr.engine;

import io.etcddr.runbook.compile.Plan;
import io.etcddr.runbook.compile.PlanStep;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The run's progress as the `status` query and the Web UI's "current details" show it. Only
 * workflow code writes it; queries read a snapshot.
 */
final class RunProgress {

  private static final class Step {
    final PlanStep plan;
    final boolean onFailure;
    StepState state = StepState.PENDING;

    /** It reached its activity, approval or child run: something may need undoing. */
    boolean began;

    List<String> nodes;
    Long startedAt;
    Long endedAt;
    Object outputs;
    String error;
    String prompt;

    Step(PlanStep plan, boolean onFailure) {
      this.plan = plan;
      this.onFailure = onFailure;
    }

    StepStatus snapshot() {
      return new StepStatus(
          plan.id(),
          plan.name(),
          plan.kindLabel(),
          onFailure,
          state,
          nodes,
          startedAt,
          endedAt,
          outputs,
          error,
          prompt);
    }
  }

  private final Map<String, Step> steps = new LinkedHashMap<>();
  private String runbook;
  private Plan plan;
  private RunState state = RunState.LOADING;
  private Map<String, Object> inputs = Map.of();
  private final long startedAt = Workflow.currentTimeMillis();
  private Long endedAt;
  private String failure;
  private String abortedBy;
  private Map<String, Object> outputs;

  void start(Plan plan, Map<String, Object> inputs) {
    this.runbook = plan.runbook();
    this.plan = plan;
    this.inputs = inputs;
    plan.steps().forEach(s -> steps.put(s.id(), new Step(s, false)));
    plan.onFailure().forEach(s -> steps.put(s.id(), new Step(s, true)));
    state = RunState.RUNNING;
    RunMetrics.started(runbook);
    publish();
  }

  void loading(String runbook) {
    this.runbook = runbook;
  }

  void running(String id, List<String> nodes) {
    Step step = steps.get(id);
    step.state = StepState.RUNNING;
    step.began = true;
    step.nodes = nodes;
    step.startedAt = Workflow.currentTimeMillis();
    publish();
  }

  void waiting(String id, String prompt) {
    Step step = steps.get(id);
    step.state = StepState.WAITING_FOR_APPROVAL;
    step.began = true;
    step.prompt = prompt;
    step.startedAt = Workflow.currentTimeMillis();
    publish();
  }

  void finished(String id, StepState state, Object outputs, String error) {
    Step step = steps.get(id);
    step.state = state;
    step.outputs = outputs;
    step.error = error;
    step.endedAt = Workflow.currentTimeMillis();
    if (step.startedAt == null) {
      step.startedAt = step.endedAt;
    }
    if (state != StepState.SKIPPED && state != StepState.NOT_NEEDED) {
      RunMetrics.stepEnded(runbook, step.plan, state, step.endedAt - step.startedAt);
    }
    publish();
  }

  /** Whether the step reached its activity, approval or child run (skipped steps did not). */
  boolean started(String id) {
    Step step = steps.get(id);
    return step != null && step.began;
  }

  /**
   * Whether the step ran to its end and made what it exists to make; {@code name} as expressions
   * write it ({@code learner_etcd} for the step `learner-etcd`).
   */
  boolean done(String name) {
    return steps.entrySet().stream()
        .anyMatch(
            e ->
                (e.getKey().equals(name) || e.getKey().replace('-', '_').equals(name))
                    && e.getValue().state == StepState.DONE);
  }

  /**
   * Ends the run: steps still running are cancelled, steps that never started read `not run` (or
   * `not needed` for the compensation of a run that succeeded).
   *
   * @param declared the runbook's outputs, evaluated at the end
   */
  void end(RunState runState, String failure, Map<String, Object> declared) {
    this.state = runState;
    this.failure = failure;
    this.outputs = declared;
    this.endedAt = Workflow.currentTimeMillis();
    for (Step step : steps.values()) {
      if (step.state == StepState.RUNNING || step.state == StepState.WAITING_FOR_APPROVAL) {
        step.state = StepState.CANCELLED;
        step.endedAt = endedAt;
        RunMetrics.stepEnded(runbook, step.plan, step.state, endedAt - step.startedAt);
      } else if (runState == RunState.SUCCEEDED
          && step.onFailure
          && step.state == StepState.PENDING) {
        step.state = StepState.NOT_NEEDED; // nothing failed: no compensation is left to do
      } else if (step.state == StepState.PENDING) {
        step.state = StepState.NOT_RUN;
      }
    }
    if (plan != null) {
      RunMetrics.ended(plan, inputs, runState, declared == null ? Map.of() : declared);
    }
    publish();
  }

  void aborted(AbortRequest request) {
    abortedBy = (request.by() == null ? "someone" : request.by()) + ": " + request.reason();
  }

  String abortedBy() {
    return abortedBy;
  }

  RunStatus snapshot() {
    List<StepStatus> list = new ArrayList<>();
    steps.values().forEach(s -> list.add(s.snapshot()));
    return new RunStatus(
        runbook, state, inputs, startedAt, endedAt, list, failure, abortedBy, outputs);
  }

  /** A short Markdown summary for the Web UI's "current details" of the run. */
  private void publish() {
    StringBuilder details = new StringBuilder("**" + runbook + "** — " + state + "\n\n");
    for (Step step : steps.values()) {
      details
          .append("- `")
          .append(step.plan.id())
          .append("` ")
          .append(step.state.label())
          .append(step.error == null ? "" : ": " + step.error)
          .append('\n');
    }
    Workflow.setCurrentDetails(details.toString());
  }
}
