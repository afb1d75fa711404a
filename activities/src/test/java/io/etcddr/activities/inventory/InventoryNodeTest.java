package io.etcddr.activities.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.etcddr.contract.StepContext;
import io.etcddr.contract.inventory.InventoryActivities;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `inventory.node` answers from clusters/NAME.yaml with RKE's file names; unknowns fail clearly.
 */
class InventoryNodeTest {

  private static final StepContext CONTEXT =
      new StepContext("wf", "run", "learner", null, "wf/learner");
  @TempDir Path dir;
  private InventoryActivitiesImpl inventory;

  @BeforeEach
  void writeInventory() throws Exception {
    Files.writeString(
        dir.resolve("prod-a.yaml"),
        """
        apiVersion: etcd-dr/v1
        kind: Cluster
        metadata: { name: prod-a }
        spec:
          deployNode: master1
          caNode: master1
          nodes:
            - { name: master1, address: 10.0.0.1, site: A }
            - { name: master2, address: 10.0.0.2, site: A }
            - { name: master3, address: 10.0.1.3, site: B }
            - { name: worker3, address: 10.0.1.4, site: B }
        """);
    inventory = new InventoryActivitiesImpl(new ClusterInventory(dir));
  }

  @Test
  void nodeFactsUseRkeNames() {
    InventoryActivities.NodeFacts facts =
        inventory.node(new InventoryActivities.NodeRequest("prod-a", "master3"), CONTEXT);

    assertThat(facts.address()).isEqualTo("10.0.1.3");
    assertThat(facts.site()).isEqualTo("B");
    assertThat(facts.peerUrl()).isEqualTo("https://10.0.1.3:2380");
    assertThat(facts.clientUrl()).isEqualTo("https://10.0.1.3:2379");
    assertThat(facts.certFile()).isEqualTo("/etc/kubernetes/ssl/kube-etcd-10-0-1-3.pem");
    assertThat(facts.keyFile()).isEqualTo("/etc/kubernetes/ssl/kube-etcd-10-0-1-3-key.pem");
    assertThat(facts.caFile()).isEqualTo("/etc/kubernetes/ssl/kube-ca.pem");
  }

  @Test
  void nodeFactsNameTheNodesOfItsSiteAndOfTheOthers() {
    InventoryActivities.NodeFacts facts =
        inventory.node(new InventoryActivities.NodeRequest("prod-a", "master3"), CONTEXT);

    // What failover-to-learner stops (the survivors) and drops (the lost) when an alert gives
    // only the cluster and the learner.
    assertThat(facts.sameSite()).containsExactly("master3", "worker3");
    assertThat(facts.otherSites()).containsExactly("master1", "master2");
  }

  @Test
  void unknownNodeAndClusterFailWithoutRetry() {
    assertThatThrownBy(
            () -> inventory.node(new InventoryActivities.NodeRequest("prod-a", "node9"), CONTEXT))
        .isInstanceOf(ApplicationFailure.class)
        .hasMessageContaining(
            "cluster `prod-a` has no node `node9`; known: [master1, master2, master3, worker3]")
        .satisfies(e -> assertThat(((ApplicationFailure) e).isNonRetryable()).isTrue());
    assertThatThrownBy(
            () -> inventory.node(new InventoryActivities.NodeRequest("prod-b", "master1"), CONTEXT))
        .hasMessageContaining("no cluster `prod-b` in the inventory; describe it in");
  }
}
