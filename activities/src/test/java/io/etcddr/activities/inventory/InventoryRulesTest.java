package io.etcddr.activities.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.etcddr.contract.PlanInput;
import io.etcddr.contract.inventory.InventoryActivities;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inventories as onboarding writes them: ambiguous nodes are refused when the file is read, a node
 * without a site is one line naming it, a node name two clusters give to different machines is
 * refused before a run starts, and etcd's data dir comes from the file.
 */
class InventoryRulesTest {

  @TempDir Path dir;

  @Test
  void twoNodesOfOneNameAreRefusedNamingThem() throws Exception {
    write(
        "lab",
        "{ name: n1, address: 10.0.0.1, site: a }",
        "{ name: n1, address: 10.0.0.2, site: b }");

    assertThatThrownBy(() -> inventory().require("lab"))
        .hasMessageEndingWith("lab.yaml: two nodes are named `n1`; give each its own name");
  }

  @Test
  void twoNodesAtOneAddressAreRefusedNamingThem() throws Exception {
    write(
        "lab",
        "{ name: n1, address: 10.0.0.1, site: a }",
        "{ name: n2, address: 10.0.0.1, site: b }");

    assertThatThrownBy(() -> inventory().require("lab"))
        .hasMessageEndingWith(
            "lab.yaml: nodes `n1` and `n2` have the same address 10.0.0.1; each node needs its own");
  }

  @Test
  void aNodeWithoutASiteIsOneLineNamingIt() throws Exception {
    write("lab", "{ name: n1, address: 10.0.0.1, site: a }", "{ name: n2, address: 10.0.0.2 }");

    assertThatThrownBy(
            () ->
                new InventoryActivitiesImpl(inventory())
                    .node(new InventoryActivities.NodeRequest("lab", "n1"), null))
        .isInstanceOf(io.temporal.failure.ApplicationFailure.class)
        .extracting(e -> ((io.temporal.failure.ApplicationFailure) e).getOriginalMessage())
        .isEqualTo(
            "node `n2` of cluster `lab` has no site; set spec.nodes[].site (its room) in the"
                + " inventory: failovers and learners go by sites");
  }

  @Test
  void aNodeNameTwoClustersGiveToDifferentMachinesIsRefusedAtStart() throws Exception {
    write("prod", "{ name: node1, address: 10.0.0.1, site: a }");
    write("stage", "{ name: node1, address: 10.9.0.1, site: a }");
    List<PlanInput> declared = List.of(new PlanInput("cluster", "string", true, null, null));

    assertThat(InputCheck.problem(declared, Map.of("cluster", "prod"), inventory()))
        .contains(
            "input `cluster`: node `node1` of cluster `prod` (10.0.0.1) is also a node of cluster"
                + " `stage` at 10.9.0.1: both agents would poll etcd-dr@node1; rename one (RKE's"
                + " hostname_override) or give each cluster its own Temporal namespace");
  }

  @Test
  void oneMachineInTwoClustersUnderOneNameIsFine() throws Exception {
    write("prod", "{ name: deploy, address: 10.0.0.9, site: a }");
    write("stage", "{ name: deploy, address: 10.0.0.9, site: a }");
    List<PlanInput> declared = List.of(new PlanInput("cluster", "string", true, null, null));

    assertThat(InputCheck.problem(declared, Map.of("cluster", "prod"), inventory())).isEmpty();
  }

  @Test
  void theDataDirComesFromTheInventoryElseRkesDefault() throws Exception {
    Files.copy(
        Path.of("src/test/resources/inventory/three-sites.yaml"), dir.resolve("three-sites.yaml"));
    write("lab", "{ name: n1, address: 10.0.0.1, site: a }");

    assertThat(inventory().require("three-sites").dataDir()).isEqualTo("/opt/rke/var/lib/etcd");
    assertThat(inventory().require("lab").dataDir()).isEqualTo("/var/lib/etcd");
    assertThat(
            new InventoryActivitiesImpl(inventory())
                .node(new InventoryActivities.NodeRequest("three-sites", "node1"), null)
                .dataDir())
        .isEqualTo("/opt/rke/var/lib/etcd");
  }

  @Test
  void anEditedFileIsReadAgainByTheSameInventoryEvenAtTheSameSize() throws Exception {
    ClusterInventory inventory = inventory();
    write("lab", "{ name: n1, address: 10.0.0.1, site: a }");
    FileTime first = Files.getLastModifiedTime(dir.resolve("lab.yaml"));
    assertThat(inventory.require("lab").node("n1").orElseThrow().address()).isEqualTo("10.0.0.1");

    write("lab", "{ name: n1, address: 10.0.0.2, site: a }");
    Files.setLastModifiedTime(dir.resolve("lab.yaml"), FileTime.fromMillis(first.toMillis() + 1));

    assertThat(inventory.require("lab").node("n1").orElseThrow().address()).isEqualTo("10.0.0.2");
    write("lab", "{ name: n1, address: 10.0.0.33, site: a }");
    assertThat(inventory.require("lab").node("n1").orElseThrow().address()).isEqualTo("10.0.0.33");
  }

  private void write(String cluster, String... nodes) throws Exception {
    Files.writeString(
        dir.resolve(cluster + ".yaml"),
        "apiVersion: etcd-dr/v1\nkind: Cluster\nmetadata: { name: "
            + cluster
            + " }\nspec:\n  etcd: { endpoints: [\"https://10.0.0.1:2379\"] }\n  nodes:\n"
            + String.join("\n", List.of(nodes).stream().map(n -> "    - " + n).toList())
            + "\n");
  }

  private ClusterInventory inventory() {
    return new ClusterInventory(dir);
  }
}
