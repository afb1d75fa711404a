package io.etcddr.engine;

import io.etcddr.runbook.compile.PlanRetry;
import io.etcddr.runbook.compile.PlanStep;
import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;

/** Turns a plan step's timeout, heartbeat and retry into Temporal activity options. */
final class StepOptions {

  private StepOptions() {}

  static ActivityOptions activity(PlanStep step, String taskQueue, String summary) {
    PlanRetry retry = step.retry();
    RetryOptions.Builder retryOptions =
        RetryOptions.newBuilder()
            .setMaximumAttempts(retry.maxAttempts())
            .setInitialInterval(retry.initialInterval())
            .setBackoffCoefficient(retry.backoffCoefficient())
            .setMaximumInterval(retry.maximumInterval());
    if (!retry.nonRetryable().isEmpty()) {
      retryOptions.setDoNotRetry(retry.nonRetryable().toArray(String[]::new));
    }
    ActivityOptions.Builder options =
        ActivityOptions.newBuilder()
            .setTaskQueue(taskQueue)
            .setStartToCloseTimeout(step.timeout())
            .setScheduleToCloseTimeout(scheduleToClose(step))
            .setRetryOptions(retryOptions.build())
            .setCancellationType(ActivityCancellationType.TRY_CANCEL)
            .setSummary(summary);
    if (step.heartbeat() != null) {
      options.setHeartbeatTimeout(step.heartbeat());
    }
    return options.build();
  }

  /**
   * A bound on the whole step, every attempt and wait included. Without it a step routed to a dead
   * node's agent would wait in its task queue forever; with it the step fails and says so.
   */
  static Duration scheduleToClose(PlanStep step) {
    PlanRetry retry = step.retry();
    Duration total = step.timeout().multipliedBy(retry.maxAttempts());
    Duration interval = retry.initialInterval();
    for (int attempt = 1; attempt < retry.maxAttempts(); attempt++) {
      total = total.plus(interval);
      long next = (long) (interval.toMillis() * retry.backoffCoefficient());
      interval = Duration.ofMillis(Math.min(next, retry.maximumInterval().toMillis()));
    }
    return total;
  }
}
