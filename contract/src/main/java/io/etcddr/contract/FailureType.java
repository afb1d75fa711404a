package io.etcddr.contract;

import java.util.Arrays;
import java.util.List;

/**
 * Every failure type etcd-dr gives a step or a run: activities fail with the first five, the
 * interpreter with the rest. Runbooks name them in `retry.nonRetryable` (the compiler checks the
 * names against this list); operators see them in the Web UI and `status --json`.
 */
public enum FailureType {
  /** The step's input is wrong; retrying cannot help. */
  BadInput(false),
  /** The world is not as the step requires (e.g. the member still runs); fix it first. */
  PreconditionFailed(false),
  /** A known fatal error of the system driven (etcd, RKE); the message says what to do. */
  Fatal(false),
  /** A transient problem: network, timeout, busy server. */
  Transient(true),
  /**
   * A condition that time fixes (a revision not reached yet, keys not written yet, a process still
   * exiting): retried by the step's policy, whose last attempt is the deadline.
   */
  NotYet(true),
  /** The runbook named at start is not in the worker's library. */
  UnknownRunbook(false),
  /** The runbook named at start does not compile. */
  InvalidRunbook(false),
  /** A `fail:` step was reached. */
  RunbookFail(false),
  /** An approval was rejected. */
  ApprovalRejected(false),
  /** Nobody decided an approval within its timeout. */
  ApprovalTimedOut(false),
  /** An expression could not be evaluated at run time (e.g. a missing map key). */
  ExpressionFailed(false),
  /** The run was aborted by an operator. */
  RunAborted(false),
  /** A step failed with a failure that carried no type of ours. */
  StepFailed(false);

  private final boolean retryable;

  FailureType(boolean retryable) {
    this.retryable = retryable;
  }

  public boolean retryable() {
    return retryable;
  }

  public static List<String> names() {
    return Arrays.stream(values()).map(Enum::name).toList();
  }
}
