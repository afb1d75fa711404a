package io.etcddr.runbook.compile;

import java.util.Map;

/** When the runbook runs by itself, and with which inputs. */
public record PlanSchedule(String cron, Map<String, Object> inputs) {
  public PlanSchedule {
    inputs = PlainValues.copyOf(inputs);
  }
}
