package io.etcddr.interceptors;

import io.etcddr.activities.support.DaemonThreads;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCompletionException;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Heartbeats for every running activity of this process, whatever its code does, so that a worker
 * or agent killed in the middle of a step is noticed within the step's heartbeat timeout (the
 * engine gives every step one) rather than its whole start-to-close timeout. The beat repeats the
 * activity's own latest progress, so `status` keeps showing it.
 */
public final class ActivityLiveness extends WorkerInterceptorBase {

  private static final ScheduledExecutorService BEATS =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("activity-liveness"));

  @Override
  public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
    return new ActivityInboundCallsInterceptorBase(next) {
      private ActivityExecutionContext context;

      @Override
      public void init(ActivityExecutionContext context) {
        this.context = context;
        super.init(context);
      }

      @Override
      public ActivityOutput execute(ActivityInput input) {
        Duration timeout = context.getInfo().getHeartbeatTimeout();
        if (timeout == null || timeout.isZero()) {
          return super.execute(input);
        }
        long every = Math.max(500, timeout.toMillis() / 4);
        ScheduledFuture<?> beating =
            BEATS.scheduleWithFixedDelay(() -> beat(context), every, every, TimeUnit.MILLISECONDS);
        try {
          return super.execute(input);
        } finally {
          beating.cancel(false);
        }
      }
    };
  }

  private static void beat(ActivityExecutionContext context) {
    try {
      context.heartbeat(context.getLastHeartbeatDetails(Object.class).orElse(null));
    } catch (ActivityCompletionException endedOrCancelled) {
      // the activity's own next heartbeat (or its end) reports it; nothing to do here
    } catch (RuntimeException e) {
      // never let a beat failure end the schedule silently for other activities
    }
  }
}
