package io.etcddr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `etcd-dr validate`: exit 0 for valid runbooks, 1 with every diagnostic, 2 for bad usage. */
class ValidateCommandTest {

  @Test
  void shippedLibraryIsValid() {
    CliRun run = CliRun.of("validate", "../runbooks");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("runbooks checked: all valid");
  }

  @Test
  void invalidRunbookExitsOneWithPositionedDiagnostics(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("broken.yaml");
    Files.writeString(
        file,
        """
        apiVersion: etcd-dr/v1
        kind: Runbook
        metadata: { name: broken }
        steps:
          - id: status
            uses: etcd.staus
          - id: later
            uses: etcd.status
            neds: [status]
            with: { cluster: x }
        """);

    CliRun run = CliRun.of("validate", file.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out())
        .contains(
            file
                + ":6:11: error[RB033]: unknown activity `etcd.staus` — did you mean `etcd.status`?")
        .contains(file + ":9:5: error[RB010]: unknown key `neds` in a step — did you mean `needs`?")
        .contains("1 runbook checked: 1 invalid, 2 errors");
  }

  @Test
  void filesCompiledSideBySideReportInTheOrderTheyWereNamed(@TempDir Path dir) throws Exception {
    List<Path> files = new java.util.ArrayList<>();
    for (int i = 0; i < 12; i++) {
      files.add(
          Files.writeString(
              dir.resolve("r" + (char) ('a' + i) + ".yaml"),
              """
              apiVersion: etcd-dr/v1
              kind: Runbook
              metadata: { name: r%d }
              steps:
                - id: s
                  uses: etcd.staus
              """
                  .formatted(i)));
    }
    List<String> expected = files.stream().map(f -> f + ":6:11: error[RB033]").toList();

    CliRun run = CliRun.of("validate", dir.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(
            run.out()
                .lines()
                .filter(l -> l.contains("RB033"))
                .map(l -> l.substring(0, l.indexOf("]") + 1)))
        .containsExactlyElementsOf(expected);
    assertThat(run.out()).contains("12 runbooks checked: 12 invalid, 12 errors");
  }

  @Test
  void aRunbookStepIsCheckedAgainstItsFolderNamedWholeOrAlone(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("child.yaml"),
        """
        apiVersion: etcd-dr/v1
        kind: Runbook
        metadata: { name: child }
        inputs:
          cluster: { type: string, required: true }
        steps:
          - id: status
            uses: etcd.status
            with: { cluster: "${{ inputs.cluster }}" }
        """);
    Path parent =
        Files.writeString(
            dir.resolve("parent.yaml"),
            """
            apiVersion: etcd-dr/v1
            kind: Runbook
            metadata: { name: parent }
            steps:
              - id: child
                runbook: child
                with: { clustr: lab }
              - id: other
                runbook: chlid
            """);

    // The folder named whole is read once and is its own library; a file named alone reads it.
    for (CliRun run :
        List.of(CliRun.of("validate", dir.toString()), CliRun.of("validate", parent.toString()))) {
      assertThat(run.exitCode()).as(run.out()).isEqualTo(1);
      assertThat(run.out())
          .contains(
              parent + ":7:13: error[RB039]: runbook `child` takes no `clustr` — did you mean")
          .contains(parent + ":9:14: error[RB072]: no runbook named `chlid` in the library")
          .contains("1 invalid, 3 errors");
    }
  }

  @Test
  void missingFileIsBadUsageWithOneLine(@TempDir Path dir) {
    CliRun run = CliRun.of("validate", dir.resolve("nope.yaml").toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().lines()).hasSize(1);
    assertThat(run.err()).contains("nope.yaml: no such file or folder; check the path");
  }

  @Test
  void noArgumentsIsBadUsage() {
    CliRun run = CliRun.of("validate");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).startsWith("etcd-dr: Missing required parameter");
  }
}
