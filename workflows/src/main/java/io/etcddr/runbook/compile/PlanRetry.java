package io.etcddr.runbook.compile;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.util.List;

/** A step's retry policy; null fields take Temporal's defaults. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PlanRetry(
    Integer maxAttempts,
    Duration initialInterval,
    Double backoffCoefficient,
    Duration maximumInterval,
    List<String> nonRetryable) {
  public PlanRetry {
    nonRetryable = nonRetryable == null ? List.of() : List.copyOf(nonRetryable);
  }
}
