package io.etcddr.activities.support;

import io.temporal.activity.Activity;

/**
 * Heartbeats with progress when running as an activity; a no-op when called directly (tests, lab).
 */
public final class Heartbeats {

  private Heartbeats() {}

  /**
   * Runs a blocking call (a Docker stop with a grace period, a child process) while heartbeating
   * {@code progress} every few seconds, so a lost agent is noticed by its heartbeat timeout and a
   * cancellation interrupts the call.
   */
  public static <T> T during(Object progress, java.util.concurrent.Callable<T> work) {
    var executor =
        java.util.concurrent.Executors.newSingleThreadExecutor(
            DaemonThreads.named("heartbeat-during"));
    try {
      var future = executor.submit(work);
      while (true) {
        try {
          return future.get(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException stillRunning) {
          beat(progress);
        }
      }
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } finally {
      executor.shutdownNow();
    }
  }

  /** Work on files or the network, for {@link #duringIo}. */
  @FunctionalInterface
  public interface IoWork<T> {
    T call() throws java.io.IOException;
  }

  /**
   * {@link #during} for work that reads or writes files or the network: its IOException reaches the
   * caller as itself, so the caller's own message for it ("cannot fetch ...") is the one shown.
   */
  public static <T> T duringIo(Object progress, IoWork<T> work) throws java.io.IOException {
    try {
      return during(
          progress,
          () -> {
            try {
              return work.call();
            } catch (java.io.IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          });
    } catch (java.io.UncheckedIOException e) {
      throw e.getCause();
    }
  }

  public static void beat(Object progress) {
    try {
      Activity.getExecutionContext().heartbeat(progress);
    } catch (IllegalStateException
        | io.temporal.client.ActivityCompletionException notInAnActivity) {
      if (notInAnActivity instanceof io.temporal.client.ActivityCompletionException completion) {
        throw completion; // cancelled or timed out: stop working
      }
    }
  }

  /** Waits between two checks of a polling activity; an interrupt is a retryable failure. */
  public static void pause(java.time.Duration wait) {
    try {
      Thread.sleep(wait.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ActivityFailures.retryable("interrupted");
    }
  }
}
