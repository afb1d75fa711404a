package io.etcddr.runbook.compile;

import java.util.Map;

/** Alert routing: label matchers and the inputs (templates over `alert`) to start with. */
public record PlanTrigger(Map<String, String> match, Map<String, Object> inputs) {
  public PlanTrigger {
    match = PlainValues.sortedStrings(match);
    inputs = PlainValues.copyOf(inputs);
  }
}
