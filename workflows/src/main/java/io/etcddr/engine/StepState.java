package io.etcddr.engine;

/** Where a step is, as the `status` query reports it. */
public enum StepState {
  PENDING,
  RUNNING,
  WAITING_FOR_APPROVAL,
  DONE,
  SKIPPED,
  FAILED,
  /** Failed, but `continueOnError` let the run go on. */
  FAILED_CONTINUED,
  CANCELLED,
  /** An onFailure step whose `undoes` step never started: there was nothing to undo. */
  NOT_NEEDED,
  /** The run ended before the step started: nothing of it happened. */
  NOT_RUN;

  /** How people read it: `waiting for approval`, `not needed`. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
  }
}
