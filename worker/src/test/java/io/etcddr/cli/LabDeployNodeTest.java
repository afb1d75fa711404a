package io.etcddr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `lab up --deploy-node` names a node of the lab, or nothing starts. */
class LabDeployNodeTest {

  @Test
  void anUnknownDeployNodeIsOneLineAndStartsNothing(@TempDir Path dir) throws Exception {
    Path lab = dir.resolve("lab");

    CliRun run = CliRun.of("lab", "up", "--dir", lab.toString(), "--deploy-node", "node9");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().strip())
        .isEqualTo(
            "etcd-dr: --deploy-node node9: not a node of the lab; use one of"
                + " [master1, master2, master3, node1, node2]")
        .doesNotContain("\n");
    assertThat(Files.exists(lab)).as("nothing was made").isFalse();
  }
}
