package io.etcddr.engine;

import io.etcddr.contract.CompositeKind;
import io.etcddr.contract.FailureType;
import io.etcddr.contract.Placement;
import io.etcddr.contract.StepContext;
import io.etcddr.contract.TaskQueues;
import io.etcddr.runbook.catalog.ActivityCatalog;
import io.etcddr.runbook.catalog.ActivityDefinition;
import io.etcddr.runbook.catalog.Composite;
import io.etcddr.runbook.compile.PlanStep;
import io.etcddr.runbook.expr.ExpressionEvaluator;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.ActivityStub;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.ChildWorkflowStub;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Runs one step of a plan inside the workflow: evaluates its values, then does what its kind says.
 */
final class StepRunner {

  private final RunVariables variables;
  private final Approvals approvals;
  private final RunProgress state;
  private final NodeLookups lookups;
  private final SignedOnCaNode signedOnCaNode;

  StepRunner(
      RunVariables variables, Approvals approvals, RunProgress state, EngineActivities engine) {
    this.variables = variables;
    this.approvals = approvals;
    this.state = state;
    this.lookups = new NodeLookups(engine);
    this.signedOnCaNode = new SignedOnCaNode(lookups);
  }

  /** Runs the step (or skips it); records its state; throws when it failed and may not continue. */
  void run(PlanStep step) {
    try {
      if (step.condition() != null && !variables.condition(step.condition())) {
        variables.recordSkipped(step);
        state.finished(step.id(), StepState.SKIPPED, null, null);
        return;
      }
      Object outputs =
          switch (step.kind()) {
            case USES -> activity(step);
            case APPROVAL -> approval(step);
            case FAIL ->
                throw ApplicationFailure.newNonRetryableFailure(
                    text(step.fail()), FailureType.RunbookFail.name());
            case RUNBOOK -> child(step);
          };
      variables.recordOutputs(step.id(), outputs, step.fanOut());
      state.finished(step.id(), StepState.DONE, outputs, null);
    } catch (ExpressionEvaluator.EvaluationException e) {
      fail(
          step,
          ApplicationFailure.newNonRetryableFailure(
              e.getMessage(), FailureType.ExpressionFailed.name()));
    } catch (RuntimeException e) {
      fail(step, e);
    }
  }

  private void fail(PlanStep step, RuntimeException failure) {
    String message = Failures.message(failure);
    if (step.continueOnError() && !Failures.isCancellation(failure)) {
      state.finished(step.id(), StepState.FAILED_CONTINUED, null, message);
      return;
    }
    state.finished(
        step.id(),
        Failures.isCancellation(failure) ? StepState.CANCELLED : StepState.FAILED,
        null,
        message);
    throw new StepFailedException(step.id(), message, failure);
  }

  private Object activity(PlanStep step) {
    Object with = variables.render(step.with());
    List<String> nodes = nodes(step);
    if (step.placement() != Placement.WORKER && nodes.isEmpty()) {
      return new LinkedHashMap<String, Object>(); // `on:` named no node: nothing to do
    }
    state.running(step.id(), nodes.isEmpty() ? null : nodes);
    Optional<Composite> composite = composite(step);
    if (composite.isPresent() && composite.get().kind() == CompositeKind.EACH_NODE_ANSWERS) {
      return EachNodeAnswers.run(step, composite.get(), with, Workflow.getInfo().getWorkflowId());
    }
    if (nodes.isEmpty()) {
      return call(step, TaskQueues.WORKER, null, with).get();
    }
    List<Promise<Object>> calls = new ArrayList<>();
    for (String node : nodes) {
      calls.add(call(step, TaskQueues.node(node), node, with));
    }
    Promise.allOf(calls).get();
    if (!step.fanOut()) {
      return calls.get(0).get();
    }
    Map<String, Object> byNode = new LinkedHashMap<>();
    for (int i = 0; i < nodes.size(); i++) {
      byNode.put(nodes.get(i), calls.get(i).get());
    }
    return byNode;
  }

  private Promise<Object> call(PlanStep step, String taskQueue, String node, Object with) {
    Optional<Composite> composite = composite(step);
    if (composite.isPresent() && composite.get().kind() == CompositeKind.SIGNED_ON_CA_NODE) {
      return Async.function(
          () -> signedOnCaNode.run(step, composite.get(), node, with, context(step, node)));
    }
    String summary =
        step.name() != null ? step.name() : step.uses() + (node == null ? "" : " on " + node);
    ActivityStub stub =
        Workflow.newUntypedActivityStub(StepOptions.activity(step, taskQueue, summary));
    return stub.executeAsync(step.uses(), Object.class, with, context(step, node));
  }

  /** The catalog's word on the step's activity: a composite the interpreter runs itself, or not. */
  static Optional<Composite> composite(PlanStep step) {
    return ActivityCatalog.find(step.uses()).flatMap(ActivityDefinition::asComposite);
  }

  private static StepContext context(PlanStep step, String node) {
    var info = Workflow.getInfo();
    String key = info.getWorkflowId() + "/" + step.id() + (node == null ? "" : "/" + node);
    return new StepContext(info.getWorkflowId(), info.getRunId(), step.id(), node, key);
  }

  /**
   * The nodes a step runs on: none for worker activities; when `on` is absent, the deploy node or
   * the CA node, as the activity's placement says.
   */
  private List<String> nodes(PlanStep step) {
    if (step.placement() == Placement.WORKER) {
      return List.of();
    }
    if (step.on() == null) {
      Object cluster = step.with().get("cluster");
      String name = String.valueOf(variables.render(cluster));
      return List.of(
          step.placement() == Placement.CA_NODE ? lookups.caNode(name) : lookups.deployNode(name));
    }
    Object on = variables.render(step.on());
    List<String> nodes = new ArrayList<>();
    if (on instanceof List<?> list) {
      list.forEach(n -> nodes.add(String.valueOf(n)));
    } else {
      nodes.add(String.valueOf(on));
    }
    return nodes;
  }

  private Object approval(PlanStep step) {
    String prompt = text(step.approval().prompt());
    ApprovalGate gate = approvals.gate(step.id());
    if (gate.needsIdentities() && !approvals.keyKnown()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "approval `"
              + step.id()
              + "` counts only people the worker identifies, but the worker has no users file"
              + " (--users): give it one (etcd-dr user add) and start the run again",
          FailureType.PreconditionFailed.name());
    }
    approvals.startWaiting(step.id());
    try {
      awaitOutcome(step, gate, prompt);
    } finally {
      approvals.stopWaiting(step.id());
    }
    ApprovalGate.Outcome outcome = gate.outcome().orElseThrow();
    ApprovalDecision last = outcome.by().get(outcome.by().size() - 1).decision();
    if (!outcome.approved()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "rejected by " + last.who() + (last.comment() == null ? "" : ": " + last.comment()),
          FailureType.ApprovalRejected.name());
    }
    Map<String, Object> outputs = new LinkedHashMap<>();
    outputs.put("approved", true);
    outputs.put("by", outcome.names());
    outputs.put("comment", last.comment() == null ? "" : last.comment());
    List<Map<String, Object>> people = new ArrayList<>();
    for (ApprovalGate.Taken taken : outcome.by()) {
      Map<String, Object> person = new LinkedHashMap<>();
      person.put("name", taken.decision().who());
      person.put("identifiedBy", ApprovalGate.method(taken.decision()));
      person.put("at", java.time.Instant.ofEpochMilli(taken.at()).toString());
      people.add(person);
    }
    outputs.put("people", people);
    return outputs;
  }

  /**
   * Waits until the gate is decided, showing who approved so far in the prompt; fails when the
   * approval's timeout passes first.
   */
  private void awaitOutcome(PlanStep step, ApprovalGate gate, String prompt) {
    Duration timeout = step.approval().timeout();
    long deadline =
        timeout == null ? Long.MAX_VALUE : Workflow.currentTimeMillis() + timeout.toMillis();
    while (gate.outcome().isEmpty()) {
      String progress = progressOf(gate);
      state.waiting(step.id(), progress.isEmpty() ? prompt : prompt + " [" + progress + "]");
      Supplier<Boolean> changed =
          () -> gate.outcome().isPresent() || !progress.equals(progressOf(gate));
      if (timeout == null) {
        Workflow.await(changed::get);
        continue;
      }
      long left = deadline - Workflow.currentTimeMillis();
      if (left <= 0 || !Workflow.await(Duration.ofMillis(left), changed::get)) {
        throw ApplicationFailure.newNonRetryableFailure(
            "approval `" + step.id() + "` timed out after " + timeout,
            FailureType.ApprovalTimedOut.name());
      }
    }
  }

  /** Who approved so far, for gates that count people; "" for the others. */
  private static String progressOf(ApprovalGate gate) {
    return gate.needsIdentities() ? gate.progress() : "";
  }

  @SuppressWarnings("unchecked")
  private Object child(PlanStep step) {
    Map<String, Object> inputs = (Map<String, Object>) variables.render(step.with());
    state.running(step.id(), null);
    String childId = Workflow.getInfo().getWorkflowId() + "/" + step.id();
    ChildWorkflowOptions.Builder options =
        ChildWorkflowOptions.newBuilder()
            .setWorkflowId(childId)
            .setTaskQueue(TaskQueues.WORKER)
            .setStaticSummary("runbook " + step.runbook() + " for step " + step.id());
    if (step.timeout() != null) {
      options.setWorkflowRunTimeout(step.timeout());
    }
    ChildWorkflowStub child =
        Workflow.newUntypedChildWorkflowStub(RunbookWorkflow.TYPE, options.build());
    child.execute(RunResult.class, new RunRequest(step.runbook(), null, inputs, null));
    Map<String, Object> outputs = new LinkedHashMap<>();
    outputs.put("runId", childId);
    outputs.put("status", RunState.SUCCEEDED.label());
    return outputs;
  }

  private String text(String template) {
    return template == null ? "" : ExpressionEvaluator.asText(variables.render(template));
  }
}
