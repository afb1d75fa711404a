package io.etcddr.engine;

import io.etcddr.runbook.compile.PlanApproval;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One approval step's rule and the decisions taken for it. A gate that asks for `people`, `roles`
 * or `approvers` counts only decisions whose identity the worker verified and signed: different
 * persons, each allowed, until enough agree; a reject by anyone allowed ends it. Any other gate is
 * decided by the first decision, as runbooks without those fields always were.
 */
final class ApprovalGate {

  /** A decision taken, with the run's time when it was. */
  record Taken(ApprovalDecision decision, long at) {}

  /** How the gate ended: approved or not, and by whom. */
  record Outcome(boolean approved, List<Taken> by) {

    String names() {
      return String.join(", ", by.stream().map(t -> t.decision().who()).toList());
    }
  }

  private final String step;
  private final PlanApproval rule;
  private final boolean verified;
  private final List<Taken> taken = new ArrayList<>();

  /**
   * @param verified whether this run counts verified identities only (runs recorded before they
   *     existed match `approvers` against the typed name, as they did then)
   */
  ApprovalGate(String step, PlanApproval rule, boolean verified) {
    this.step = step;
    this.rule = rule;
    this.verified = verified && rule.needsIdentities();
  }

  boolean needsIdentities() {
    return verified;
  }

  /** Why {@code decision} cannot count here, or empty when it can. */
  Optional<String> problem(ApprovalDecision decision, String workflowId, String approvalKey) {
    if (outcome().isPresent()) {
      return Optional.of("`" + step + "` was already decided by " + outcome().get().names());
    }
    if (!verified) {
      List<String> approvers = rule.approvers();
      if (!approvers.isEmpty() && !approvers.contains(decision.by())) {
        return Optional.of(
            decision.who() + " may not decide `" + step + "`; approvers: " + join(approvers));
      }
      return Optional.empty();
    }
    VerifiedIdentity identity = decision.identity();
    if (identity == null) {
      return Optional.of(
          "`"
              + step
              + "` counts only people the worker identified ("
              + describe()
              + "), and a bare signal or `approve --by` carries no identity: approve through the"
              + " worker's HTTP API with your personal token (etcd-dr approve ID --api URL"
              + " --token-file FILE) or its console at /console/");
    }
    if (!ApprovalSignatures.verifies(approvalKey, identity)) {
      return Optional.of(
          "the identity on this decision does not verify against the worker's approval key;"
              + " approve through the worker's HTTP API or console");
    }
    if (!identity.workflowId().equals(workflowId)
        || !identity.step().equals(step)
        || identity.approved() != decision.isApproval()) {
      return Optional.of(
          "this decision was signed for run "
              + identity.workflowId()
              + " step `"
              + identity.step()
              + "`, not this one; approve this run through the HTTP API");
    }
    if (!rule.approvers().isEmpty() && !rule.approvers().contains(identity.name())) {
      return Optional.of(
          identity.name() + " may not decide `" + step + "`; approvers: " + join(rule.approvers()));
    }
    if (!rule.roles().isEmpty() && identity.roles().stream().noneMatch(rule.roles()::contains)) {
      return Optional.of(
          identity.name()
              + " holds none of the roles `"
              + step
              + "` asks for ("
              + join(rule.roles())
              + "); their roles: "
              + (identity.roles().isEmpty() ? "none" : join(identity.roles())));
    }
    return Optional.empty();
  }

  /** Takes a decision {@link #problem} accepted; says what it changed. */
  String take(ApprovalDecision decision, long at) {
    String who = decision.who();
    if (verified
        && decision.isApproval()
        && taken.stream().anyMatch(t -> t.decision().who().equals(who))) {
      return who + " already approved `" + step + "`, which counts once; " + remaining();
    }
    taken.add(new Taken(decision, at));
    String verb = decision.isApproval() ? "approved" : "rejected";
    String answer = verb + " `" + step + "` for " + who;
    if (!verified) {
      return answer;
    }
    answer += ", identified by " + method(decision);
    return decision.isApproval() && outcome().isEmpty() ? answer + "; " + remaining() : answer;
  }

  /** The end of the gate once decided: a reject, or enough different people who approved. */
  Optional<Outcome> outcome() {
    for (Taken t : taken) {
      if (!t.decision().isApproval()) {
        return Optional.of(new Outcome(false, List.of(t)));
      }
    }
    Map<String, Taken> people = new LinkedHashMap<>();
    taken.forEach(t -> people.putIfAbsent(t.decision().who(), t));
    int needed = verified ? rule.peopleNeeded() : 1;
    return people.size() >= needed && !people.isEmpty()
        ? Optional.of(new Outcome(true, List.copyOf(people.values())))
        : Optional.empty();
  }

  /** "approved by alice (token); 1 more person needed", for the status while it waits. */
  String progress() {
    List<String> who = approvers().stream().map(d -> d.who() + " (" + method(d) + ")").toList();
    if (who.isEmpty()) {
      return rule.peopleNeeded() == 1
          ? "1 person must approve"
          : rule.peopleNeeded() + " people must approve";
    }
    return "approved by " + String.join(", ", who) + "; " + remaining();
  }

  private String remaining() {
    int left = Math.max(0, rule.peopleNeeded() - approvers().size());
    return left == 0
        ? "enough people approved"
        : left + (left == 1 ? " more person" : " more people") + " needed";
  }

  /** The decisions that approved, one per person. */
  private List<ApprovalDecision> approvers() {
    Map<String, ApprovalDecision> people = new LinkedHashMap<>();
    taken.stream()
        .filter(t -> t.decision().isApproval())
        .forEach(t -> people.putIfAbsent(t.decision().who(), t.decision()));
    return List.copyOf(people.values());
  }

  static String method(ApprovalDecision decision) {
    return decision.identity() == null ? "unverified" : decision.identity().method();
  }

  private String describe() {
    List<String> parts = new ArrayList<>();
    parts.add(rule.peopleNeeded() + (rule.peopleNeeded() == 1 ? " person" : " people"));
    if (!rule.roles().isEmpty()) {
      parts.add("role " + join(rule.roles()));
    }
    if (!rule.approvers().isEmpty()) {
      parts.add("among " + join(rule.approvers()));
    }
    return String.join(", ", parts);
  }

  private static String join(List<String> names) {
    return String.join(", ", names);
  }
}
