package io.etcddr.engine;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decisions for the run's approval steps. A decision may arrive before its step waits (an operator
 * who approves early), so decisions are kept by step id; a decision without a step id goes to the
 * one approval that is waiting.
 */
final class Approvals {

  private final Map<String, List<String>> approversByStep = new HashMap<>();
  private final Map<String, ApprovalDecision> decisions = new HashMap<>();
  private final Map<String, Boolean> waiting = new LinkedHashMap<>();

  void declare(String stepId, List<String> approvers) {
    approversByStep.put(stepId, approvers);
  }

  void startWaiting(String stepId) {
    waiting.put(stepId, true);
  }

  void stopWaiting(String stepId) {
    waiting.remove(stepId);
  }

  Optional<ApprovalDecision> decision(String stepId) {
    return Optional.ofNullable(decisions.get(stepId));
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
    if (!approversByStep.containsKey(step)) {
      return Optional.of("`" + step + "` is not an approval step of this run");
    }
    if (decisions.containsKey(step)) {
      return Optional.of("`" + step + "` was already decided by " + decisions.get(step).who());
    }
    List<String> approvers = approversByStep.get(step);
    if (!approvers.isEmpty() && !approvers.contains(decision.by())) {
      return Optional.of(
          decision.who()
              + " may not decide `"
              + step
              + "`; approvers: "
              + String.join(", ", approvers));
    }
    return Optional.empty();
  }

  /** Takes a decision when it is valid; says why when it is not (a signal then changes nothing). */
  String take(ApprovalDecision decision) {
    Optional<String> problem = problem(decision);
    if (problem.isPresent()) {
      return problem.get();
    }
    String step = target(decision);
    decisions.put(step, decision);
    return (decision.isApproval() ? "approved" : "rejected")
        + " `"
        + step
        + "` for "
        + decision.who();
  }

  private String target(ApprovalDecision decision) {
    if (decision.step() != null && !decision.step().isBlank()) {
      return decision.step();
    }
    return waiting.size() == 1 ? waiting.keySet().iterator().next() : null;
  }
}
