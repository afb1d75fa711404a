package io.etcddr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every command answers --help, as its usage errors tell the operator to try. */
class HelpTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "run",
        "status",
        "approve",
        "abort",
        "worker",
        "agent",
        "dev",
        "schedule",
        "schedule apply",
        "schedule list",
        "schedule pause",
        "lab",
        "lab up",
        "validate",
        "plan"
      })
  void everyCommandHasHelp(String command) {
    CliRun help = CliRun.of((command + " --help").split(" "));

    assertThat(help.exitCode()).as(help.err()).isZero();
    assertThat(help.out()).startsWith("Usage: etcd-dr " + command);
  }
}
