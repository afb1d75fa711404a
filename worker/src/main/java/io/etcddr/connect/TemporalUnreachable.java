package io.etcddr.connect;

/**
 * Temporal does not answer at the configured address: not bad usage (the command was right), a
 * failure of the moment (exit code 1), said in one line with what to check.
 */
public final class TemporalUnreachable extends RuntimeException {
  private static final long serialVersionUID = 1L;

  TemporalUnreachable(String message) {
    super(message);
  }
}
