package io.etcddr.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lab's rke reproduces RKE's two fatal errors when given the inputs of the original DR attempt.
 */
class RkeStandInTest {

  @TempDir Path dir;

  /** What the stand-in did: its exit code and what it printed. */
  private record Ran(int exit, String output) {}

  private Ran rkeUp(String clusterYml) throws Exception {
    Files.writeString(
        dir.resolve("cluster.rkestate"),
        "{\"etcdHosts\":[\"10.0.0.1\",\"10.0.0.2\",\"10.0.0.3\"]}");
    Path config = dir.resolve("cluster.yml");
    Files.writeString(config, clusterYml);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int exit =
        new RkeStandIn(new PrintStream(out, true, StandardCharsets.UTF_8))
            .run(new String[] {"up", "--config", config.toString()});
    return new Ran(exit, out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void deadNodesRemovedLeavesNoEtcdPlane() throws Exception {
    assertThat(
            rkeUp(
                """
                nodes:
                - {address: 10.0.0.3, hostname_override: master3, role: [controlplane, worker]}
                """))
        .satisfies(
            ran -> {
              assertThat(ran.exit()).isEqualTo(1);
              assertThat(ran.output())
                  .contains("FATA[0002] Cluster must have at least one etcd plane host");
            });
  }

  @Test
  void theLearnersNodeAsTheOnlyEtcdHostReplacesTheWholePlane() throws Exception {
    assertThat(
            rkeUp(
                """
                nodes:
                - {address: 10.0.0.4, hostname_override: node1, role: [controlplane, etcd, worker]}
                """))
        .satisfies(
            ran -> {
              assertThat(ran.exit()).isEqualTo(1);
              assertThat(ran.output())
                  .contains("Failed to reconcile etcd plane: Etcd plane nodes are replaced.");
            });
  }

  @Test
  void anOverlappingEtcdPlaneIsAccepted() throws Exception {
    assertThat(
            rkeUp(
                """
                nodes:
                - {address: 10.0.0.3, hostname_override: master3, role: [controlplane, etcd]}
                - {address: 10.0.0.4, hostname_override: node1, role: [etcd]}
                """))
        .satisfies(
            ran -> {
              assertThat(ran.exit()).isZero();
              assertThat(ran.output())
                  .contains("Finished building Kubernetes cluster successfully");
            });
  }
}
