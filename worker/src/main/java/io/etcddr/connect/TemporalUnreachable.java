package io.etcddr.connect;

/**
 * Temporal does not answer at the configured address: not bad usage (the command was right), a
 * failure of the moment (exit code 1), said in one line with what to check.
 */
public final class TemporalUnreachable extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final boolean certificate;

  TemporalUnreachable(String message, boolean certificate) {
    super(message);
    this.certificate = certificate;
  }

  /** A certificate was refused on one side: asking again will not help, only a fixed setting. */
  public boolean certificate() {
    return certificate;
  }
}
