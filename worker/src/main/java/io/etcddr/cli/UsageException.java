package io.etcddr.cli;

/** Bad usage or input: printed as one line on stderr, exit code 2. */
public final class UsageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UsageException(String message) {
    super(message);
  }
}
