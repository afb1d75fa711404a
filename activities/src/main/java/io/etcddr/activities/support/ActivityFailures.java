package io.etcddr.activities.support;

import io.etcddr.contract.FailureType;
import io.temporal.failure.ApplicationFailure;

/** Activity failures with a stable {@link FailureType} and a message for people. */
public final class ActivityFailures {

  private ActivityFailures() {}

  public static ApplicationFailure of(FailureType type, String message) {
    return type.retryable()
        ? ApplicationFailure.newFailure(message, type.name())
        : ApplicationFailure.newNonRetryableFailure(message, type.name());
  }

  public static ApplicationFailure badInput(String message) {
    return of(FailureType.BadInput, message);
  }

  public static ApplicationFailure precondition(String message) {
    return of(FailureType.PreconditionFailed, message);
  }

  /** What time can fix: the step's retry policy tries again, its last attempt is the deadline. */
  public static ApplicationFailure notYet(String message) {
    return of(FailureType.NotYet, message);
  }

  public static ApplicationFailure retryable(String message) {
    return of(FailureType.Transient, message);
  }
}
