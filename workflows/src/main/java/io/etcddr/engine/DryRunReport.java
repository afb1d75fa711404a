package io.etcddr.engine;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.etcddr.contract.Preflight;
import java.util.List;
import java.util.Map;

/**
 * What a runbook would do to a cluster now, step by step, from a dry run: every row was found out
 * by a read-only preflight on the node where the step would run.
 */
public record DryRunReport(String runbook, Map<String, Object> inputs, List<Row> rows) {

  public DryRunReport {
    inputs = inputs == null ? Map.of() : inputs;
    rows = List.copyOf(rows);
  }

  /** One step on one node; {@code node} is empty for the worker, "?" when decided at run time. */
  public record Row(
      String step, String node, String would, Preflight.Readiness readiness, String why) {}

  /** Whether every step would run: no row is {@link Preflight.Readiness#NOT_READY}. */
  @JsonIgnore
  public boolean ready() {
    return rows.stream().noneMatch(r -> r.readiness() == Preflight.Readiness.NOT_READY);
  }
}
