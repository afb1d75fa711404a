package io.etcddr.engine;

import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/**
 * How a run reads the worker's own files — the library (loadPlan), the inventory (checkInputs), the
 * approval key. Runs begun since version 1 make these reads local activities: executed in the
 * workflow task that asks for them, recorded as a marker: each read saves an activity task and a
 * workflow task (the run goes on in the task that asked). Runs recorded before keep the activities
 * they were recorded with, so their histories replay (histories/*-v4.json record the new shape).
 */
final class EngineReads {

  static final String LOCAL = "engine-reads-local";

  private EngineReads() {}

  /**
   * The stub for this run's reads; {@code remote} is the activity stub runs recorded before used.
   * Called once, at the run's start, before the first read.
   */
  static EngineActivities forThisRun(EngineActivities remote) {
    if (Workflow.getVersion(LOCAL, Workflow.DEFAULT_VERSION, 1) == Workflow.DEFAULT_VERSION) {
      return remote;
    }
    return Workflow.newLocalActivityStub(
        EngineActivities.class,
        LocalActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofMinutes(1))
            .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(5).build())
            .build());
  }
}
