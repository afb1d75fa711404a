package io.etcddr.engine;

import io.etcddr.contract.CompositeKind;
import io.etcddr.contract.Placement;
import io.etcddr.contract.Preflight;
import io.etcddr.contract.Preflight.Readiness;
import io.etcddr.contract.PreflightRequest;
import io.etcddr.contract.StepContext;
import io.etcddr.contract.TaskQueues;
import io.etcddr.runbook.catalog.Composite;
import io.etcddr.runbook.compile.PlanStep;
import io.etcddr.runbook.expr.ExpressionEvaluator;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One step of a dry run: its `if` and values evaluated over what earlier preflights learned, then
 * its activity's preflight asked on each node it would run on. A value that names what an earlier
 * step would make is "decided at run time", never guessed.
 */
final class DryRunSteps {

  /** A live agent long-polls its queue: one that has not taken the preflight by then is down. */
  static final Duration AGENT_ANSWER = Duration.ofSeconds(10);

  private final RunVariables variables;
  private final NodeLookups lookups;

  DryRunSteps(RunVariables variables, NodeLookups lookups) {
    this.variables = variables;
    this.lookups = lookups;
  }

  List<DryRunReport.Row> preflight(PlanStep step) {
    Boolean condition = true;
    if (step.condition() != null) {
      try {
        condition = variables.condition(step.condition());
      } catch (ExpressionEvaluator.EvaluationException unknown) {
        condition = null;
      }
    }
    if (Boolean.FALSE.equals(condition)) {
      variables.recordSkipped(step);
      return List.of(row(step, "", describe(step), Readiness.SKIPPED, "`if` is false now"));
    }
    String runTime = condition == null ? "its `if` is decided at run time" : "";
    return switch (step.kind()) {
      case FAIL ->
          condition == null
              ? List.of(
                  row(step, "", "refuse: " + text(step.fail()), Readiness.AT_RUN_TIME, runTime))
              : List.of(row(step, "", "refuse", Readiness.NOT_READY, text(step.fail())));
      case APPROVAL -> List.of(approval(step, runTime));
      case RUNBOOK ->
          List.of(
              row(
                  step,
                  "",
                  describe(step),
                  Readiness.AT_RUN_TIME,
                  "a child run: dry-run runbook `" + step.runbook() + "` on its own"));
      case USES -> activity(step, runTime);
    };
  }

  private DryRunReport.Row approval(PlanStep step, String runTime) {
    var approval = step.approval();
    StringBuilder who = new StringBuilder();
    if (approval.needsIdentities()) {
      who.append(approval.peopleNeeded())
          .append(approval.peopleNeeded() == 1 ? " person" : " people");
      if (!approval.roles().isEmpty()) {
        who.append(" with role ").append(String.join(" or ", approval.roles()));
      }
      if (!approval.approvers().isEmpty()) {
        who.append(" among ").append(String.join(", ", approval.approvers()));
      }
    } else {
      who.append("anyone who may signal the run");
    }
    Map<String, Object> outputs = new LinkedHashMap<>();
    outputs.put("approved", true);
    outputs.put("by", List.of());
    outputs.put("comment", "");
    outputs.put("people", List.of());
    variables.recordOutputs(step.id(), outputs, false);
    return row(
        step,
        "",
        "ask " + who + " to approve: " + text(approval.prompt()),
        Readiness.READY,
        runTime.isEmpty() ? "shown, not asked" : runTime);
  }

  private List<DryRunReport.Row> activity(PlanStep step, String runTime) {
    Map<String, Object> with = new LinkedHashMap<>();
    List<String> unknown = new ArrayList<>();
    step.with()
        .forEach(
            (name, template) -> {
              try {
                with.put(name, variables.render(template));
              } catch (ExpressionEvaluator.EvaluationException e) {
                unknown.add(name);
              }
            });
    List<String> nodes;
    try {
      nodes = nodes(step, with);
    } catch (ExpressionEvaluator.EvaluationException | ActivityFailure e) {
      // `on` names what an earlier step makes, or the deploy/CA node cannot be looked up yet
      return List.of(
          row(
              step,
              "?",
              describe(step),
              Readiness.AT_RUN_TIME,
              "its nodes are decided at run time"));
    }
    if (step.placement() != Placement.WORKER && nodes.isEmpty()) {
      variables.recordSkipped(step);
      return List.of(row(step, "", describe(step), Readiness.SKIPPED, "`on` names no node now"));
    }
    PreflightRequest request = new PreflightRequest(step.uses(), with, unknown);
    Optional<Composite> composite = StepRunner.composite(step);
    if (composite.isPresent() && composite.get().kind() == CompositeKind.EACH_NODE_ANSWERS) {
      return List.of(probe(step, composite.get(), with, runTime)); // read-only: the probe itself
    }
    List<DryRunReport.Row> rows = new ArrayList<>();
    Map<String, Object> byNode = new LinkedHashMap<>();
    boolean known = true;
    for (String node : nodes.isEmpty() ? List.of("") : nodes) {
      Preflight answer = ask(step, node.isEmpty() ? null : node, request);
      if (composite.isPresent()
          && composite.get().kind() == CompositeKind.SIGNED_ON_CA_NODE
          && answer.outputs() == null) {
        answer = withSigner(step, composite.get().part(1), with, answer);
      }
      known &= answer.outputs() != null;
      byNode.put(node, answer.outputs());
      rows.add(toRow(step, node, answer, runTime));
    }
    if (known) {
      variables.recordOutputs(
          step.id(), step.fanOut() ? byNode : byNode.values().iterator().next(), step.fanOut());
    }
    return rows;
  }

  /** A certificate that is not reused is signed on the CA node: its key must be there too. */
  private Preflight withSigner(
      PlanStep step, String signing, Map<String, Object> with, Preflight target) {
    String caNode;
    try {
      caNode = lookups.caNode(String.valueOf(with.get("cluster")));
    } catch (ActivityFailure noCaNode) {
      return Preflight.notReady(target.would(), "no CA node: " + Failures.message(noCaNode));
    }
    Preflight signer = ask(step, caNode, new PreflightRequest(signing, with, List.of()));
    if (signer.readiness() == Readiness.NOT_READY) {
      return Preflight.notReady(target.would(), "CA node " + caNode + ": " + signer.why());
    }
    return new Preflight(
        target.readiness(),
        target.would() + "; signed on " + caNode + " (" + signer.would() + ")",
        target.why(),
        null);
  }

  private DryRunReport.Row probe(
      PlanStep step, Composite composite, Map<String, Object> with, String runTime) {
    Map<String, Object> outputs =
        EachNodeAnswers.run(step, composite, with, Workflow.getInfo().getWorkflowId());
    variables.recordOutputs(step.id(), outputs, false);
    return row(
        step,
        "",
        "ping the agents of "
            + with.get("nodes")
            + ": answering "
            + outputs.get("answering")
            + ", unreachable "
            + outputs.get("unreachable"),
        Readiness.READY,
        runTime);
  }

  private Preflight ask(PlanStep step, String node, PreflightRequest request) {
    ActivityOptions options =
        ActivityOptions.newBuilder()
            .setTaskQueue(node == null ? TaskQueues.WORKER : TaskQueues.node(node))
            .setScheduleToStartTimeout(AGENT_ANSWER)
            .setStartToCloseTimeout(Duration.ofMinutes(1))
            .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
            .setSummary("preflight of " + step.id() + (node == null ? "" : " on " + node))
            .build();
    var info = Workflow.getInfo();
    StepContext context =
        new StepContext(
            info.getWorkflowId(),
            info.getRunId(),
            step.id(),
            node,
            info.getWorkflowId() + "/" + step.id() + (node == null ? "" : "/" + node));
    try {
      return Workflow.newUntypedActivityStub(options)
          .execute(PreflightRequest.ACTIVITY, Preflight.class, request, context);
    } catch (ActivityFailure e) {
      String why =
          e.getCause() instanceof TimeoutFailure
              ? (node == null ? "the worker" : "the agent of " + node)
                  + " did not take the preflight within "
                  + AGENT_ANSWER.toSeconds()
                  + " s"
              : Failures.message(e);
      return Preflight.notReady(describe(step), why);
    }
  }

  private List<String> nodes(PlanStep step, Map<String, Object> with) {
    if (step.placement() == Placement.WORKER) {
      return List.of();
    }
    if (step.on() == null) {
      String cluster = String.valueOf(with.get("cluster"));
      return List.of(
          step.placement() == Placement.CA_NODE
              ? lookups.caNode(cluster)
              : lookups.deployNode(cluster));
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

  private DryRunReport.Row toRow(PlanStep step, String node, Preflight answer, String runTime) {
    Readiness readiness = answer.readiness();
    String why = answer.why() == null ? "" : answer.why();
    if (readiness == Readiness.NOT_READY && step.continueOnError()) {
      readiness = Readiness.AT_RUN_TIME;
      why = "not ready now (" + why + "); continueOnError: the run would go on";
    }
    if (!runTime.isEmpty()) {
      why = why.isEmpty() ? runTime : why + "; " + runTime;
    }
    return row(step, node, answer.would(), readiness, why);
  }

  private String text(String template) {
    try {
      return ExpressionEvaluator.asText(variables.render(template));
    } catch (ExpressionEvaluator.EvaluationException unknown) {
      return template;
    }
  }

  static String describe(PlanStep step) {
    if (step.name() != null) {
      return step.name();
    }
    return switch (step.kind()) {
      case USES -> step.uses();
      case APPROVAL -> "approval";
      case FAIL -> "refuse";
      case RUNBOOK -> "runbook " + step.runbook();
    };
  }

  private static DryRunReport.Row row(
      PlanStep step, String node, String would, Readiness readiness, String why) {
    return new DryRunReport.Row(step.id(), node, would, readiness, why);
  }
}
