package io.etcddr.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * A command line picocli cannot parse: one line on stderr that says what is wrong and where to
 * look, then exit code 2.
 */
final class UsageErrorPrinter implements CommandLine.IParameterExceptionHandler {

  private final PrintWriter err;

  UsageErrorPrinter(PrintWriter err) {
    this.err = err;
  }

  @Override
  public int handleParseException(CommandLine.ParameterException e, String[] args) {
    err.println(
        "etcd-dr: "
            + e.getMessage()
            + suggestion(e)
            + " (see `"
            + e.getCommandLine().getCommandSpec().qualifiedName()
            + " --help`)");
    return ExitCode.USAGE.code();
  }

  /** "; did you mean validate?" for a mistyped command or option picocli knows a near name of. */
  private static String suggestion(CommandLine.ParameterException e) {
    if (e instanceof CommandLine.UnmatchedArgumentException unmatched
        && !unmatched.getSuggestions().isEmpty()) {
      return "; did you mean " + String.join(" or ", unmatched.getSuggestions()) + "?";
    }
    return "";
  }
}
