package io.etcddr.activities.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import io.etcddr.contract.PlanInput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Inputs against the inventory: cluster exists, node inputs name its nodes, others are free. */
class InputCheckTest {

  private static final List<PlanInput> DECLARED =
      List.of(
          new PlanInput("cluster", "string", true, null, null),
          new PlanInput("learner", "node", true, null, null),
          new PlanInput("lost", "list<node>", false, List.of(), null),
          new PlanInput("note", "string", false, "", null));

  @TempDir Path dir;

  @Test
  void knownClusterAndNodesPass() throws Exception {
    assertThat(check(Map.of("cluster", "lab", "learner", "n1", "lost", List.of("n2"), "note", "x")))
        .isEmpty();
  }

  @Test
  void eachKindOfMistakeIsOneLine() throws Exception {
    assertThat(check(Map.of("cluster", "lbb", "learner", "n1")).orElseThrow())
        .isEqualTo(
            "input `cluster`: no cluster `lbb` in the inventory " + dir + "; known clusters: lab");
    assertThat(check(Map.of("cluster", "lab", "learner", "n3")).orElseThrow())
        .isEqualTo("input `learner`: `n3` is not a node of cluster `lab`; its nodes are n1, n2");
    assertThat(check(Map.of("cluster", "lab", "learner", "n1", "lost", List.of("n2", "x"))))
        .contains("input `lost`: `x` is not a node of cluster `lab`; its nodes are n1, n2");
  }

  @Test
  void withoutAClusterInputNodesOfAnyClusterPass() throws Exception {
    List<PlanInput> nodesOnly = List.of(new PlanInput("nodes", "list<node>", true, null, null));
    write();

    assertThat(InputCheck.problem(nodesOnly, Map.of("nodes", List.of("n2")), inventory()))
        .isEmpty();
    assertThat(InputCheck.problem(nodesOnly, Map.of("nodes", List.of("q")), inventory()))
        .contains("input `nodes`: `q` is not a node of any cluster; its nodes are n1, n2");
  }

  private java.util.Optional<String> check(Map<String, Object> inputs) throws Exception {
    write();
    return InputCheck.problem(DECLARED, inputs, inventory());
  }

  private ClusterInventory inventory() {
    return new ClusterInventory(dir);
  }

  private void write() throws Exception {
    Files.writeString(
        dir.resolve("lab.yaml"),
        """
        apiVersion: etcd-dr/v1
        kind: Cluster
        metadata: { name: lab }
        spec:
          nodes:
            - { name: n1, address: 10.0.0.1, site: a }
            - { name: n2, address: 10.0.0.2, site: b }
        """);
    Files.writeString(dir.resolve("notes.yaml"), "kind: Runbook\n");
  }
}
