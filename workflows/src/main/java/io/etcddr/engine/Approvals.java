package io.etcddr.engine;

import io.etcddr.runbook.compile.PlanApproval;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The run's approval steps. A decision may arrive before its step waits (an operator who approves
 * early), so gates are kept by step id; a decision without a step id goes to the one approval that
 * is waiting. Decisions that carry an identity are checked against the worker's approval key, which
 * the run loaded when it started.
 */
final class Approvals {

  private final Map<String, ApprovalGate> gates = new HashMap<>();
  private final Map<String, Boolean> waiting = new LinkedHashMap<>();
  private String workflowId = "";
  private String approvalKey = "";

  void declare(String stepId, PlanApproval rule, boolean verified) {
    gates.put(stepId, new ApprovalGate(stepId, rule, verified));
  }

  /**
   * @param key the worker's public approval key (base64), or "" when the worker has no users
   */
  void useKey(String workflowId, String key) {
    this.workflowId = workflowId;
    this.approvalKey = key == null ? "" : key;
  }

  boolean keyKnown() {
    return !approvalKey.isEmpty();
  }

  ApprovalGate gate(String stepId) {
    return gates.get(stepId);
  }

  void startWaiting(String stepId) {
    waiting.put(stepId, true);
  }

  void stopWaiting(String stepId) {
    waiting.remove(stepId);
  }

  Optional<ApprovalGate.Outcome> outcome(String stepId) {
    ApprovalGate gate = gates.get(stepId);
    return gate == null ? Optional.empty() : gate.outcome();
  }

  /** Why this decision cannot be taken, or empty when it can. */
  Optional<String> problem(ApprovalDecision decision) {
    String step = target(decision);
    if (step == null) {
      return Optional.of(
          waiting.isEmpty()
              ? "no approval is waiting; name the step"
              : "several approvals wait ("
                  + String.join(", ", waiting.keySet())
                  + "); name the step");
    }
    if (!gates.containsKey(step)) {
      return Optional.of("`" + step + "` is not an approval step of this run");
    }
    return gates.get(step).problem(decision, workflowId, approvalKey);
  }

  /** Takes a decision when it is valid; says why when it is not (a signal then changes nothing). */
  String take(ApprovalDecision decision, long at) {
    Optional<String> problem = problem(decision);
    if (problem.isPresent()) {
      return problem.get();
    }
    return gates.get(target(decision)).take(decision, at);
  }

  private String target(ApprovalDecision decision) {
    if (decision.step() != null && !decision.step().isBlank()) {
      return decision.step();
    }
    return waiting.size() == 1 ? waiting.keySet().iterator().next() : null;
  }
}
