package io.etcddr.cli;

/**
 * Something the command needs does not answer now (the worker, its HTTP API): a failure of the
 * moment (exit 1), not bad usage.
 */
final class NotAnswering extends RuntimeException {
  private static final long serialVersionUID = 1L;

  NotAnswering(String message) {
    super(message);
  }
}
