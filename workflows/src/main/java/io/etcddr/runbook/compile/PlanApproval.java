package io.etcddr.runbook.compile;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.util.List;

/**
 * An approval gate: the prompt (may hold expressions), how long to wait (null: until approved,
 * rejected or aborted), and who must agree. With none of `people`, `roles` or `approvers`, anyone
 * who can signal the run decides alone; with any of them, only decisions that carry an identity the
 * worker verified count: {@code people} different persons (default 1), each holding one of {@code
 * roles} (when given) and named in {@code approvers} (when given).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PlanApproval(
    String prompt, Duration timeout, List<String> approvers, Integer people, List<String> roles) {

  public PlanApproval {
    approvers = approvers == null ? List.of() : List.copyOf(approvers);
    roles = roles == null ? List.of() : List.copyOf(roles);
  }

  public PlanApproval(String prompt, Duration timeout, List<String> approvers) {
    this(prompt, timeout, approvers, null, List.of());
  }

  /** Whether only verified identities count. */
  @JsonIgnore
  public boolean needsIdentities() {
    return people != null || !roles.isEmpty() || !approvers.isEmpty();
  }

  /** How many different people must approve. */
  @JsonIgnore
  public int peopleNeeded() {
    return people == null ? 1 : people;
  }
}
