package io.etcddr.runbook.compile;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.util.List;

/**
 * An approval gate: the prompt (may hold expressions), how long to wait (null: until approved,
 * rejected or aborted) and who may approve (empty: anyone who can signal the run).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PlanApproval(String prompt, Duration timeout, List<String> approvers) {
  public PlanApproval {
    approvers = approvers == null ? List.of() : List.copyOf(approvers);
  }
}
