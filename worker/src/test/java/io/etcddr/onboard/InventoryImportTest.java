package io.etcddr.onboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.etcddr.activities.inventory.Cluster;
import io.etcddr.activities.inventory.ClusterInventory;
import io.etcddr.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `inventory import` on the example cluster.yml files of RKE's documentation: what it writes is
 * read back by the inventory's own reader; SSH keys and certificates in cluster.yml never reach the
 * inventory; existing files are replaced only when told; bad input is one line, exit 2.
 */
class InventoryImportTest {

  private static final Path FIXTURES = Path.of("src/test/resources/rke");

  @TempDir Path dir;

  @Test
  void theMinimalFileGivesOneNodeNamedByItsAddress() throws Exception {
    String out = importing("minimal.yml", "tiny");
    Cluster cluster = inventory().require("tiny");
    assertThat(cluster.nodes()).containsExactly(new Cluster.Node("1.2.3.4", "1.2.3.4", null));
    assertThat(cluster.etcd().endpoints()).containsExactly("https://1.2.3.4:2379");
    assertThat(cluster.certDir()).isEqualTo("/etc/kubernetes/ssl");
    assertThat(cluster.dataDir()).isEqualTo("/var/lib/etcd");
    assertThat(cluster.rkeConfig())
        .isEqualTo(FIXTURES.resolve("minimal.yml").toAbsolutePath().toString());
    assertThat(out)
        .contains("1 nodes, etcd at https://1.2.3.4:2379")
        .contains("to review: node 1.2.3.4 has no label topology.kubernetes.io/zone")
        .contains("to review: no --deploy-node")
        .contains("to review: no --ca-node");
  }

  @Test
  void theNodesExampleUsesOverridesAndInternalAddressesAndCopiesNoKey() throws Exception {
    importing("nodes-example.yml", "docs", "--deploy-node", "node3", "--ca-node", "1.1.1.1");
    Cluster cluster = inventory().require("docs");
    assertThat(cluster.nodes())
        .extracting(Cluster.Node::name, Cluster.Node::address)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("1.1.1.1", "1.1.1.1"),
            org.assertj.core.groups.Tuple.tuple("2.2.2.2", "2.2.2.2"),
            org.assertj.core.groups.Tuple.tuple("3.3.3.3", "3.3.3.3"),
            org.assertj.core.groups.Tuple.tuple("4.4.4.4", "4.4.4.4"),
            org.assertj.core.groups.Tuple.tuple("node3", "192.168.1.6"));
    assertThat(cluster.etcd().endpoints()).containsExactly("https://1.1.1.1:2379");
    assertThat(cluster.deployNode()).isEqualTo("node3");
    assertThat(cluster.caNode()).isEqualTo("1.1.1.1");
    assertThat(Files.readString(dir.resolve("docs.yaml")))
        .doesNotContain("PRIVATE KEY", "ssh", "MIIB", "taints");
  }

  @Test
  void theFullExampleTakesSitesFromZonesAndTheCertFolderFromPrefixPath() throws Exception {
    importing(
        "full-example.yml",
        "prod",
        "--deploy-node",
        "w1",
        "--ca-node",
        "w1",
        "--rke-config-on-node",
        "/opt/rke/cluster.yml",
        "--cert-name",
        "etcd.prod.internal");
    Cluster cluster = inventory().require("prod");
    assertThat(cluster.nodes())
        .containsExactly(
            new Cluster.Node("cp1", "172.16.0.11", "dc-east"),
            new Cluster.Node("cp2", "172.16.0.12", "dc-east"),
            new Cluster.Node("cp3", "172.16.1.13", "dc-west"),
            new Cluster.Node("w1", "10.0.1.21", "dc-west"));
    assertThat(cluster.etcd().endpoints())
        .containsExactly(
            "https://172.16.0.11:2379", "https://172.16.0.12:2379", "https://172.16.1.13:2379");
    assertThat(cluster.certDir()).isEqualTo("/opt/custom_path/etc/kubernetes/ssl");
    assertThat(cluster.dataDir())
        .as("RKE keeps etcd under prefix_path too")
        .isEqualTo("/opt/custom_path/var/lib/etcd");
    assertThat(cluster.rkeConfig()).isEqualTo("/opt/rke/cluster.yml");
    assertThat(cluster.certNames()).containsExactly("etcd.prod.internal");
    assertThat(cluster.etcd().cert()).isEqualTo("/etc/etcd-dr/etcd/client.pem");
  }

  @Test
  void anExternalEtcdIsReachedByItsUrlsAndItsKeyIsNotCopied() throws Exception {
    importing("external-etcd.yml", "ext");
    assertThat(inventory().require("ext").etcd().endpoints())
        .containsExactly("https://10.0.0.31:2379", "https://10.0.0.32:2379");
    assertThat(Files.readString(dir.resolve("ext.yaml"))).doesNotContain("BEGIN", "xxxxxxxxxx");
  }

  @Test
  void anExistingDescriptionIsReplacedOnlyWithForce() throws Exception {
    importing("minimal.yml", "tiny");
    Path file = dir.resolve("tiny.yaml");
    String before = Files.readString(file);

    CliRun refused = run("full-example.yml", "tiny");
    assertThat(refused.exitCode()).isEqualTo(2);
    assertThat(refused.err().strip())
        .isEqualTo(
            "etcd-dr: " + file + " exists; pass --force to replace it (it is read by every run)");
    assertThat(Files.readString(file)).isEqualTo(before);

    importing("full-example.yml", "tiny", "--force");
    assertThat(inventory().require("tiny").nodes()).hasSize(4);
    try (var left = Files.list(dir)) {
      assertThat(left.map(p -> p.getFileName().toString())).containsExactly("tiny.yaml");
    }
  }

  @Test
  void badInputIsOneLineWithExitCodeTwoAndWritesNothing() throws Exception {
    Path broken = Files.writeString(dir.resolve("broken.yml"), "nodes:\n  - address: [1.2.3.4\n");
    Path empty = Files.writeString(dir.resolve("empty.yml"), "cluster_name: x\n");
    Path twins =
        Files.writeString(
            dir.resolve("twins.yml"),
            "nodes:\n  - {address: 10.0.0.1, hostname_override: a, role: [etcd]}\n"
                + "  - {address: 10.0.0.2, hostname_override: a, role: [etcd]}\n");
    Path out = Files.createDirectories(dir.resolve("out"));

    assertOneLine(
        cli(out, broken, "x"), broken + ":2:22: not valid YAML: while parsing a flow sequence");
    assertOneLine(cli(out, empty, "x"), empty + ": no `nodes:` list; is this RKE's cluster.yml?");
    assertOneLine(
        cli(out, twins, "x"),
        twins + ": two nodes are named a; give each its own hostname_override");
    assertOneLine(
        cli(out, dir.resolve("missing.yml"), "x"),
        "--rke-config " + dir.resolve("missing.yml") + ": no such file");
    assertOneLine(
        cli(out, FIXTURES.resolve("minimal.yml"), "Bad_Name"), "--name Bad_Name: use lower-case");
    assertOneLine(
        cli(out, FIXTURES.resolve("minimal.yml"), "x", "--deploy-node", "ghost"),
        "--deploy-node ghost is not a node of ");
    try (var written = Files.list(out)) {
      assertThat(written).isEmpty();
    }
  }

  private static void assertOneLine(CliRun run, String start) {
    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(run.err().strip()).startsWith("etcd-dr: " + start).doesNotContain("\n");
  }

  private String importing(String fixture, String name, String... more) {
    CliRun run = run(fixture, name, more);
    assertThat(run.exitCode()).as(run.err()).isZero();
    return run.out();
  }

  private CliRun run(String fixture, String name, String... more) {
    return cli(dir, FIXTURES.resolve(fixture), name, more);
  }

  private static CliRun cli(Path clusters, Path rkeConfig, String name, String... more) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "inventory",
                "import",
                "--rke-config",
                rkeConfig.toString(),
                "--name",
                name,
                "--clusters",
                clusters.toString()));
    args.addAll(List.of(more));
    return CliRun.of(args.toArray(String[]::new));
  }

  private ClusterInventory inventory() {
    return new ClusterInventory(dir);
  }
}
