package io.etcddr.runbook.validate;

import java.util.Map;

/**
 * What validation learned that compilation needs: the needs graphs with defaults applied, and which
 * steps fan out over a list of nodes.
 */
public record Analysis(StepGraph steps, StepGraph onFailure, Map<String, Boolean> fanOut) {
  public boolean fansOut(String stepId) {
    return fanOut.getOrDefault(stepId, false);
  }
}
