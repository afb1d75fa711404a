package io.etcddr.runbook.compile;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.etcddr.contract.Placement;
import io.etcddr.runbook.model.StepKind;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One compiled step. Values that hold {@code ${{ }}} expressions stay as their text and are
 * evaluated by the interpreter when the step starts; their types were checked at compile time.
 *
 * @param on a node template (String) or a list of them; null for worker steps
 * @param fanOut true when {@code on} yields a list: one activity per node
 * @param needs ids of the steps that must finish first, defaults applied
 * @param condition the CEL source of `if`, without {@code ${{ }}}, or null
 * @param undoes for an onFailure step: the step it reverses; it runs only when that step started
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PlanStep(
    String id,
    String name,
    StepKind kind,
    String uses,
    Placement placement,
    Object on,
    boolean fanOut,
    List<String> needs,
    String condition,
    Map<String, Object> with,
    PlanRetry retry,
    Duration timeout,
    Duration heartbeat,
    boolean continueOnError,
    PlanApproval approval,
    String fail,
    String runbook,
    String undoes) {

  public PlanStep {
    needs = List.copyOf(needs);
    with = PlainValues.copyOf(with);
    on = PlainValues.normalize(on);
  }

  /** What the step does, as the plan table and the status query show it. */
  public String kindLabel() {
    return switch (kind) {
      case USES -> uses;
      case APPROVAL -> "approval";
      case FAIL -> "fail";
      case RUNBOOK -> "runbook " + runbook;
    };
  }

  /** Where this step runs, as the plan table shows it. */
  public String runsOn() {
    return switch (kind) {
      case USES ->
          placement == Placement.WORKER
              ? "worker"
              : on == null ? placement.spelling() : String.valueOf(on);
      case RUNBOOK -> "child run";
      default -> "workflow";
    };
  }
}
