package io.etcddr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * Every command answers --help, as its usage errors tell the operator to try: the commands are
 * picocli's own tree, so a new one is checked without anyone listing it here.
 */
class HelpTest {

  static Stream<String> commands() {
    List<String> all = new ArrayList<>();
    walk(EtcdDrCli.tree(), "", all);
    return all.stream();
  }

  private static void walk(CommandLine command, String prefix, List<String> all) {
    command
        .getSubcommands()
        .forEach(
            (name, sub) -> {
              if (name.equals("help") || !sub.getCommandName().equals(name)) {
                return; // picocli's own help command, and aliases
              }
              String path = prefix.isEmpty() ? name : prefix + " " + name;
              all.add(path);
              walk(sub, path, all);
            });
  }

  @ParameterizedTest
  @MethodSource("commands")
  void everyCommandHasHelp(String command) {
    CliRun help = CliRun.of((command + " --help").split(" "));

    assertThat(help.exitCode()).as(help.err()).isZero();
    assertThat(help.out()).startsWith("Usage: etcd-dr " + command);
  }

  @Test
  void aCommandLineBuildsOnlyTheCommandItNamesAndEverythingElseTheWholeTree() {
    assertThat(EtcdDrCli.treeFor(new String[] {"validate", "runbooks"}).getSubcommands())
        .containsOnlyKeys("validate");
    assertThat(EtcdDrCli.treeFor(new String[] {"--version"}).getSubcommands()).isEmpty();
    CliRun version = CliRun.of("--version");
    assertThat(version.exitCode()).as(version.err()).isZero();
    assertThat(version.out()).startsWith("etcd-dr ");
    int all = EtcdDrCli.tree().getSubcommands().size();
    assertThat(all).isEqualTo(EtcdDrCli.COMMANDS.size());
    for (String[] args :
        List.of(
            new String[] {},
            new String[] {"--help"},
            new String[] {"help", "validate"},
            new String[] {"valdate"})) {
      assertThat(EtcdDrCli.treeFor(args).getSubcommands()).as(String.join(" ", args)).hasSize(all);
    }
  }

  @Test
  void aCommandBuiltAloneStillInheritsVersionAndTellsATypoFromACommand() {
    CliRun version = CliRun.of("validate", "--version");
    assertThat(version.exitCode()).as(version.err()).isZero();
    assertThat(version.out()).startsWith("etcd-dr ");

    CliRun typo = CliRun.of("valdate", "runbooks");
    assertThat(typo.exitCode()).isEqualTo(2);
    assertThat(typo.err()).contains("valdate").contains("validate");
  }

  @Test
  void theTreeHoldsTheCommandsTheReadmeNames() {
    assertThat(commands().toList())
        .contains("run", "lab up", "ca-key backup", "ca-key restore", "fence-check");
  }
}
