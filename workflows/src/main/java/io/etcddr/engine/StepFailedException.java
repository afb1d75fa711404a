package io.etcddr.engine;

/** A step failed and the run must stop; carries the step id and a one-line reason. */
final class StepFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String stepId;

  StepFailedException(String stepId, String message, Throwable cause) {
    super("step `" + stepId + "` failed: " + message, cause);
    this.stepId = stepId;
  }

  String stepId() {
    return stepId;
  }
}
