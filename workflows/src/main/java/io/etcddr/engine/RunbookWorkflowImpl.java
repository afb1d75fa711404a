package io.etcddr.engine;

import io.etcddr.contract.FailureType;
import io.etcddr.contract.TaskQueues;
import io.etcddr.runbook.compile.Plan;
import io.etcddr.runbook.compile.PlanStep;
import io.etcddr.runbook.expr.ExpressionEvaluator;
import io.etcddr.runbook.inputs.InputBinder;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The interpreter: walks a compiled plan's `needs` graph, starting each step when the steps it
 * needs are done, so independent branches run in parallel. When a step fails (or the run is
 * rejected or aborted) the running steps are cancelled, `onFailure` runs in a detached scope, and
 * the run ends with the original cause.
 *
 * <p>Deterministic by construction: the plan comes from the input or from an activity, expressions
 * are pure CEL, time comes from {@link Workflow#currentTimeMillis()}, iteration follows plan order.
 */
public class RunbookWorkflowImpl implements RunbookWorkflow {

  static final String INPUTS_CHECKED = "inputs-checked";
  static final String VERIFIED_APPROVALS = "verified-approvals";

  private final RunProgress state = new RunProgress();
  private final Approvals approvals = new Approvals();
  private final EngineActivities engine =
      Workflow.newActivityStub(
          EngineActivities.class,
          ActivityOptions.newBuilder()
              .setTaskQueue(TaskQueues.WORKER)
              .setStartToCloseTimeout(Duration.ofMinutes(1))
              .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(5).build())
              .build());
  private EngineActivities reads;
  private CancellationScope mainScope;
  private boolean abortRequested;

  @Override
  public RunResult run(RunRequest request) {
    state.loading(request.runbook());
    reads = EngineReads.forThisRun(engine);
    Plan plan = request.plan() != null ? request.plan() : reads.loadPlan(request.runbook());
    Map<String, Object> inputs = bind(plan, request.inputs());
    state.start(plan, inputs);
    SearchAttributes.status(request, RunState.RUNNING);
    checkInputs(plan, inputs, request);
    declareApprovals(plan);

    var info = Workflow.getInfo();
    RunVariables variables =
        new RunVariables(
            inputs,
            info.getRunId(),
            plan.runbook(),
            Instant.ofEpochMilli(info.getRunStartedTimestampMillis()).toString());
    StepRunner runner = new StepRunner(variables, approvals, state, engine);

    RuntimeException failure = null;
    mainScope = Workflow.newCancellationScope(() -> runGraph(plan.steps(), runner));
    try {
      if (abortRequested) {
        mainScope.cancel("aborted before the first step");
      }
      mainScope.run();
    } catch (RuntimeException e) {
      failure = e;
      mainScope.cancel("the run stops: " + Failures.message(e));
    }
    if (failure == null) {
      Map<String, Object> declared = declaredOutputs(plan, variables, true);
      state.end(RunState.SUCCEEDED, null, declared);
      SearchAttributes.status(request, RunState.SUCCEEDED);
      return new RunResult(plan.runbook(), declared, outputsOf(state.snapshot()));
    }
    return fail(plan, request, variables, runner, failure);
  }

  private RunResult fail(
      Plan plan,
      RunRequest request,
      RunVariables variables,
      StepRunner runner,
      RuntimeException failure) {
    boolean cancelled =
        Failures.isCancellation(failure) && CancellationScope.current().isCancelRequested();
    String message = abortRequested ? "aborted by " + state.abortedBy() : Failures.message(failure);
    String failedStep = failure instanceof StepFailedException s ? s.stepId() : null;
    variables.recordFailure(failedStep, message);
    if (!plan.onFailure().isEmpty()) {
      // Detached: runs even when the run itself was cancelled.
      Workflow.newDetachedCancellationScope(() -> runCleanup(plan.onFailure(), runner)).run();
    }
    RunState end = cancelled || abortRequested ? RunState.CANCELLED : RunState.FAILED;
    String reason = failedStep == null ? message : "step `" + failedStep + "` failed: " + message;
    state.end(end, reason, declaredOutputs(plan, variables, false));
    SearchAttributes.status(request, end);
    if (cancelled) {
      throw new CanceledFailure(reason);
    }
    throw ApplicationFailure.newNonRetryableFailureWithCause(
        reason, abortRequested ? FailureType.RunAborted.name() : failureType(failure), failure);
  }

  /**
   * The inventory check a starter makes before it creates a run, made again here for runs started
   * where nothing could refuse them (the Web UI): a bad cluster or node fails the run at once,
   * before any step or compensation. Runs recorded before this check replay without it.
   */
  private void checkInputs(Plan plan, Map<String, Object> inputs, RunRequest request) {
    if (Workflow.getVersion(INPUTS_CHECKED, Workflow.DEFAULT_VERSION, 1)
        == Workflow.DEFAULT_VERSION) {
      return;
    }
    try {
      reads.checkInputs(plan.inputs(), inputs);
    } catch (ActivityFailure e) {
      String reason = Failures.message(e);
      state.end(RunState.FAILED, reason, Map.of());
      SearchAttributes.status(request, RunState.FAILED);
      throw ApplicationFailure.newNonRetryableFailure(reason, FailureType.BadInput.name());
    }
  }

  /**
   * The approval gates. When one asks for people, roles or approvers, the run loads the worker's
   * public approval key first, to check the identities on the decisions it gets. Runs recorded
   * before identities existed match `approvers` against the typed name, as they did then.
   */
  private void declareApprovals(Plan plan) {
    List<PlanStep> gated = plan.steps().stream().filter(s -> s.approval() != null).toList();
    boolean verified = false;
    if (gated.stream().anyMatch(s -> s.approval().needsIdentities())) {
      verified =
          Workflow.getVersion(VERIFIED_APPROVALS, Workflow.DEFAULT_VERSION, 1)
              != Workflow.DEFAULT_VERSION;
      if (verified) {
        approvals.useKey(Workflow.getInfo().getWorkflowId(), reads.approvalKey());
      }
    }
    for (PlanStep step : gated) {
      approvals.declare(step.id(), step.approval(), verified);
    }
  }

  /**
   * Starts every step once its needs are done, in dependency order; fails fast when one fails. A
   * step gets its workflow thread when it starts, not before: a run holds a thread per running
   * step. (One per step of the plan, as before, woke every waiting thread at every workflow task —
   * a 500-step run cost O(n²) — and 200 drills held more threads than the SDK's 600, which evicts
   * runs from the worker's cache.)
   */
  private static void runGraph(List<PlanStep> steps, StepRunner runner) {
    Map<String, Promise<Void>> started = new LinkedHashMap<>();
    List<PlanStep> waiting = new ArrayList<>(inDependencyOrder(steps));
    while (true) {
      // A step that failed ends the graph, also when it failed in the same workflow task as a
      // step that succeeded (whose completion may be the one anyOf below returned).
      started.values().stream().filter(Promise::isCompleted).forEach(Promise::get);
      for (var it = waiting.iterator(); it.hasNext(); ) {
        PlanStep step = it.next();
        if (step.needs().stream().allMatch(need -> succeeded(started.get(need)))) {
          started.put(step.id(), Async.procedure(() -> runner.run(step)));
          it.remove();
        }
      }
      List<Promise<Void>> running =
          started.values().stream().filter(p -> !p.isCompleted()).toList();
      if (running.isEmpty()) {
        break;
      }
      Promise.anyOf(running).get();
    }
  }

  private static boolean succeeded(Promise<Void> step) {
    return step != null && step.isCompleted() && step.getFailure() == null;
  }

  /**
   * onFailure steps: each runs when its needs finished, whatever their outcome; one that `undoes` a
   * step runs only when that step started (compensation for what never ran would do harm).
   */
  private void runCleanup(List<PlanStep> steps, StepRunner runner) {
    Map<String, Promise<Void>> done = new LinkedHashMap<>();
    for (PlanStep step : inDependencyOrder(steps)) {
      List<Promise<Void>> needs = step.needs().stream().map(done::get).toList();
      done.put(
          step.id(),
          Async.procedure(
              () -> {
                for (Promise<Void> need : needs) {
                  need.exceptionally(e -> null).get();
                }
                if (step.undoes() != null && !state.started(step.undoes())) {
                  state.finished(step.id(), StepState.NOT_NEEDED, null, null);
                  return;
                }
                runner.run(step);
              }));
    }
    for (Promise<Void> promise : done.values()) {
      promise.exceptionally(e -> null).get();
    }
  }

  /** Plan order, moved only where `needs` names a later step (the compiler refused cycles). */
  static List<PlanStep> inDependencyOrder(List<PlanStep> steps) {
    List<PlanStep> ordered = new ArrayList<>();
    List<String> placed = new ArrayList<>();
    List<PlanStep> left = new ArrayList<>(steps);
    while (!left.isEmpty()) {
      PlanStep next =
          left.stream().filter(s -> placed.containsAll(s.needs())).findFirst().orElseThrow();
      ordered.add(next);
      placed.add(next.id());
      left.remove(next);
    }
    return ordered;
  }

  private static Map<String, Object> bind(Plan plan, Map<String, Object> given) {
    try {
      return InputBinder.bind(plan.inputs(), given);
    } catch (InputBinder.InputException e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), FailureType.BadInput.name());
    }
  }

  private static String failureType(RuntimeException failure) {
    Throwable root = failure instanceof StepFailedException ? failure.getCause() : failure;
    while (root != null && !(root instanceof ApplicationFailure)) {
      root = root.getCause();
    }
    return root == null ? FailureType.StepFailed.name() : ((ApplicationFailure) root).getType();
  }

  /**
   * The runbook's `outputs`, evaluated over what the run has now. A run that did not succeed shows
   * only what its finished steps made: an output is left empty unless every step it names ran to
   * its end (one that names no step speaks for the whole run), so a refused failover never reads as
   * a restored member. One whose value cannot be had is empty rather than failing the run again.
   */
  private Map<String, Object> declaredOutputs(
      Plan plan, RunVariables variables, boolean succeeded) {
    Map<String, Object> values = new LinkedHashMap<>();
    plan.outputs()
        .forEach(
            (name, template) -> {
              List<String> named = StepReferences.in(String.valueOf(template));
              if (!succeeded && (named.isEmpty() || !named.stream().allMatch(state::done))) {
                values.put(name, null);
                return;
              }
              try {
                values.put(name, variables.render(template));
              } catch (ExpressionEvaluator.EvaluationException unavailable) {
                values.put(name, null);
              }
            });
    return values;
  }

  private static Map<String, Object> outputsOf(RunStatus status) {
    Map<String, Object> outputs = new LinkedHashMap<>();
    status.steps().stream()
        .filter(s -> !s.onFailure() && s.outputs() != null)
        .forEach(s -> outputs.put(s.id(), s.outputs()));
    return outputs;
  }

  @Override
  public void approve(ApprovalDecision decision) {
    approvals.take(decision, Workflow.currentTimeMillis());
  }

  @Override
  public String decide(ApprovalDecision decision) {
    return approvals.take(decision, Workflow.currentTimeMillis());
  }

  @Override
  public void validateDecide(ApprovalDecision decision) {
    approvals
        .problem(decision)
        .ifPresent(
            problem -> {
              throw new IllegalArgumentException(problem);
            });
  }

  @Override
  public void abort(AbortRequest request) {
    if (abortRequested) {
      return;
    }
    abortRequested = true;
    state.aborted(request);
    if (mainScope != null) {
      mainScope.cancel("aborted: " + request.reason());
    }
  }

  @Override
  public RunStatus status() {
    return state.snapshot();
  }
}
