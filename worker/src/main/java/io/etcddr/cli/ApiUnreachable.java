package io.etcddr.cli;

/** The worker's HTTP API does not answer: a failure of the moment (exit 1), not bad usage. */
final class ApiUnreachable extends RuntimeException {
  private static final long serialVersionUID = 1L;

  ApiUnreachable(String message) {
    super(message);
  }
}
