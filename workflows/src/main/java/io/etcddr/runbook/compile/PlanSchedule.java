package io.etcddr.runbook.compile;

import java.time.Duration;
import java.util.Map;

/**
 * When the runbook runs by itself, and with which inputs. {@code jitter}: each firing is delayed by
 * a random time up to it, so that a fleet's drills on one cron do not all start in one second (zero
 * when the runbook sets none, and in plans recorded before it existed).
 */
public record PlanSchedule(String cron, Duration jitter, Map<String, Object> inputs) {
  public PlanSchedule {
    jitter = jitter == null ? Duration.ZERO : jitter;
    inputs = PlainValues.copyOf(inputs);
  }
}
