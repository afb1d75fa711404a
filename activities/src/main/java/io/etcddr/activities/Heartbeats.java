package io.etcddr.activities;

import io.temporal.activity.Activity;

/**
 * Heartbeats with progress when running as an activity; a no-op when called directly (tests, lab).
 */
public final class Heartbeats {

  private Heartbeats() {}

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
}
