package io.etcddr.engine;

import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.failure.TimeoutFailure;

/** One-line reasons from Temporal's nested failures, for the status query and the run's failure. */
final class Failures {

  private Failures() {}

  static boolean isCancellation(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof CanceledFailure) {
        return true;
      }
    }
    return false;
  }

  /** The innermost meaningful message: the activity's own failure, not its wrappers. */
  static String message(Throwable failure) {
    Throwable root = failure;
    while ((root instanceof ActivityFailure || root instanceof ChildWorkflowFailure)
        && root.getCause() != null) {
      root = root.getCause();
    }
    if (root instanceof StepFailedException && root.getCause() != null) {
      return message(root.getCause());
    }
    if (root instanceof ApplicationFailure app) {
      return app.getOriginalMessage();
    }
    if (root instanceof TimeoutFailure timeout) {
      return "timed out ("
          + timeout.getTimeoutType().name().toLowerCase().replace("timeout_type_", "")
          + ")"
          + (timeout.getCause() == null ? "" : ": " + message(timeout.getCause()));
    }
    if (root instanceof TemporalFailure temporal) {
      return temporal.getOriginalMessage();
    }
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }
}
