package io.etcddr.engine;

import io.etcddr.runbook.compile.PlanRetry;
import io.etcddr.runbook.compile.PlanStep;
import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;

/** Turns a plan step's timeout, heartbeat and retry into Temporal activity options. */
final class StepOptions {

  /** How soon a lost worker or agent is noticed when the step does not say. */
  static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(20);

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
    options.setHeartbeatTimeout(heartbeat(step));
    return options.build();
  }

  /**
   * Every step has a heartbeat timeout: worker and agents heartbeat for any running activity, so a
   * process killed in the middle of a step costs this long, not the step's whole timeout (a 30 min
   * restore would otherwise wait 30 min for its retry).
   */
  static Duration heartbeat(PlanStep step) {
    Duration heartbeat = step.heartbeat() != null ? step.heartbeat() : DEFAULT_HEARTBEAT;
    return heartbeat.compareTo(step.timeout()) < 0 ? heartbeat : step.timeout();
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
