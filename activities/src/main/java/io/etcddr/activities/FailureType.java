package io.etcddr.activities;

/**
 * The stable failure types of etcd-dr activities. Runbooks name them in `retry.nonRetryable`;
 * operators see them in the Web UI.
 */
public enum FailureType {
  /** The step's input is wrong; retrying cannot help. */
  BadInput(false),
  /** The world is not as the step requires (e.g. the member still runs); fix it first. */
  PreconditionFailed(false),
  /** A known fatal error of the system driven (etcd, RKE); the message says what to do. */
  Fatal(false),
  /** A transient problem: network, timeout, busy server. */
  Transient(true);

  private final boolean retryable;

  FailureType(boolean retryable) {
    this.retryable = retryable;
  }

  public boolean retryable() {
    return retryable;
  }
}
