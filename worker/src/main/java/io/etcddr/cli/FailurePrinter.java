package io.etcddr.cli;

import io.etcddr.config.BadSetting;
import io.etcddr.connect.TemporalUnreachable;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * A command that failed: bad input is a usage error (exit 2), anything else a failure (exit 1),
 * each one line on stderr; the stack trace only with --debug.
 */
final class FailurePrinter implements CommandLine.IExecutionExceptionHandler {

  private final PrintWriter err;
  private final boolean debug;

  FailurePrinter(PrintWriter err, boolean debug) {
    this.err = err;
    this.debug = debug;
  }

  @Override
  public int handleExecutionException(
      Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
    if (e instanceof UsageException || e instanceof BadSetting) {
      err.println("etcd-dr: " + e.getMessage());
      return ExitCode.USAGE.code();
    }
    if (e instanceof TemporalUnreachable || e instanceof NotAnswering) {
      err.println("etcd-dr: " + e.getMessage());
      return ExitCode.FAILED.code();
    }
    err.println(
        "etcd-dr: "
            + e.getClass().getSimpleName()
            + ": "
            + e.getMessage()
            + (debug ? "" : " (run with --debug for details)"));
    if (debug) {
      e.printStackTrace(err);
    }
    return ExitCode.FAILED.code();
  }
}
