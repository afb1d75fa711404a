package io.etcddr.activities.etcd;

import io.temporal.failure.ApplicationFailure;
import java.util.function.Supplier;

/**
 * Calls an activity as Temporal would: again after a retryable failure, half a second apart, for up
 * to 30 s. etcd answers "learner not in sync" or "unhealthy cluster" for a few seconds after
 * membership changes and leader losses (docs/facts.md).
 */
final class TransientRetries {

  private TransientRetries() {}

  static <T> T call(Supplier<T> activity) {
    ApplicationFailure last = null;
    for (int i = 0; i < 60; i++) {
      try {
        return activity.get();
      } catch (ApplicationFailure e) {
        if (e.isNonRetryable()) {
          throw e;
        }
        last = e;
        try {
          Thread.sleep(500);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
    throw last;
  }
}
