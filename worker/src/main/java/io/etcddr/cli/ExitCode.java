package io.etcddr.cli;

/** The exit codes of every etcd-dr command. */
public enum ExitCode {
  /** The command did what was asked. */
  OK(0),
  /** The run or the check failed: a runbook has errors, a run ended failed. */
  FAILED(1),
  /** Bad usage or bad input: unknown option, missing file, ill-typed --set. Nothing was done. */
  USAGE(2);

  private final int code;

  ExitCode(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }
}
