package io.etcddr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.etcddr.process.TestInventory;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `run` checks the cluster and node inputs against the inventory before it talks to Temporal: a
 * typo is one line naming the input and the known nodes, exit 2, and no run exists (the address
 * here answers nothing, so nothing could have been started).
 */
class RunInputsRefusedTest {

  @TempDir static Path dir;
  private static Path clusters;

  @BeforeAll
  static void inventory() throws Exception {
    clusters =
        TestInventory.write(
            dir.resolve("clusters"),
            List.of("lab"),
            List.of("master1", "master2", "master3", "node1", "node2"));
  }

  @Test
  void unknownNodeIsBadUsageNamingTheKnownNodes() {
    CliRun run = failover("cluster=lab", "learner=node9");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().strip())
        .isEqualTo(
            "etcd-dr: input `learner`: `node9` is not a node of cluster `lab`; its nodes are"
                + " master1, master2, master3, node1, node2 (inventory: --clusters "
                + clusters
                + ")");
  }

  @Test
  void unknownClusterIsBadUsageNamingTheKnownClusters() {
    CliRun run = failover("cluster=ghost", "learner=node1");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains("input `cluster`: no cluster `ghost`")
        .contains("known clusters: lab");
    assertThat(run.err().strip().lines()).hasSize(1);
  }

  @Test
  void aNodeListIsCheckedNodeByNode() {
    CliRun run = failover("cluster=lab", "learner=node1", "lost=master1,mastre2");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("input `lost`: `mastre2` is not a node of cluster `lab`");
  }

  @Test
  void aWorkerWaitThatIsNoDurationIsBadUsageBeforeAnythingIsRead() {
    CliRun run =
        CliRun.of("run", "no-such-runbook", "--worker-wait", "soon", "--address", "127.0.0.1:1");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().strip())
        .isEqualTo("etcd-dr: --worker-wait soon: write a positive duration such as 20s or 2m");
  }

  /**
   * `ca-key` builds its `run` itself, not through picocli: the run's defaults must hold there too.
   */
  @Test
  void caKeyBackupStartsItsRunWithTheRunsDefaults() {
    CliRun run =
        CliRun.of(
            "ca-key",
            "backup",
            "--cluster",
            "lab",
            "--store",
            "s3://etcd-dr/ca",
            "--library",
            "../runbooks",
            "--clusters",
            clusters.toString(),
            "--address",
            "127.0.0.1:1");

    assertThat(run.err()).doesNotContain("--worker-wait");
    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    assertThat(run.err()).contains("cannot reach Temporal at 127.0.0.1:1");
  }

  private static CliRun failover(String... sets) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "run",
                "failover-to-learner",
                "--library",
                "../runbooks",
                "--clusters",
                clusters.toString(),
                "--address",
                "127.0.0.1:1"));
    for (String set : sets) {
      args.add("--set");
      args.add(set);
    }
    return CliRun.of(args.toArray(String[]::new));
  }
}
