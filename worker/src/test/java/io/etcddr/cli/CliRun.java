package io.etcddr.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One run of the CLI in-process, with what it printed. */
public record CliRun(int exitCode, String out, String err) {

  public static CliRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = EtcdDrCli.run(new PrintWriter(out), new PrintWriter(err), args);
    return new CliRun(code, out.toString(), err.toString());
  }

  /** Runs the CLI and fails, showing what it printed, unless it exits 0; returns its stdout. */
  public static String succeeding(String... args) {
    CliRun run = of(args);
    if (run.exitCode() != 0) {
      throw new AssertionError(
          "etcd-dr exited with " + run.exitCode() + ":\n" + run.out() + "\n" + run.err());
    }
    return run.out();
  }
}
