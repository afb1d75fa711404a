package io.etcddr.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.etcddr.activities.fence.ServedNote;
import io.etcddr.activities.host.AgentPaths;
import io.etcddr.contract.cluster.ClusterRecord;
import io.etcddr.contract.cluster.NodeReport;
import io.etcddr.contract.etcd.ClusterHealth;
import io.etcddr.engine.RunResult;
import io.etcddr.process.EtcdDrProcess;
import io.temporal.client.WorkflowStub;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A lost Temporal must not bring the old cluster back. The inventory lists only the voters'
 * endpoints, as `inventory import` writes it. After a failover onto node1, Temporal's database is
 * lost (a new, empty server); node1's agent still has its own note of the generation it serves and
 * reports it to the new, empty record. Site A is then powered on unfenced — its fence orders were
 * in the lost database; its boot hold (it cannot confirm its generation) is released by hand — and
 * its old three members serve again with quorum at the very endpoints the inventory names. The
 * first statuses must not adopt that old cluster as generation 1, and they report the split brain:
 * the new cluster still answers where node1's note says.
 */
@OnTheLab
@LongScenario
class LostTemporalIT {

  private static final List<String> SITE_A = List.of("master1", "master2", "master3");

  private static LabFixture fixture;

  @BeforeAll
  static void up() throws Exception {
    fixture = LabFixture.up();
  }

  @AfterAll
  static void down() throws Exception {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void anEmptyRecordAdoptsNoOldClusterWhileANodeKnowsALaterGeneration() throws Exception {
    onlyTheVotersEndpointsInTheInventory();
    String newClusterId;
    try (EtcdDrProcess worker = fixture.worker()) {
      assertThat(fixture.addLearnerOnNode1()).contains("run completed");
      String oldClusterId = fixture.health().clusterId();
      for (String master : SITE_A) {
        awaitServedNote(master, 1); // each node has noted the generation it serves
      }
      fixture.powerOff(SITE_A.toArray(String[]::new));
      fixture.cli("run", "failover-to-learner", "--set", "cluster=lab", "--set", "learner=node1");
      WorkflowStub run =
          fixture.temporal.client().newUntypedWorkflowStub("failover-to-learner/lab");
      RunSteps.awaitApproval(run);
      fixture.approveAsTwoPeople("failover-to-learner/lab");
      run.getResult(5, TimeUnit.MINUTES, RunResult.class);
      newClusterId = fixture.record().flatMap(ClusterRecord::current).orElseThrow().clusterId();
      assertThat(newClusterId).isNotEqualTo(oldClusterId);
      ServedNote served = awaitServedNote("node1", 2);
      assertThat(served.clusterId()).isEqualTo(newClusterId);
    }

    fixture.restartTemporal(); // the database is lost: no run, no record, no fence order
    for (String survivor : List.of("node1", "node2")) {
      fixture.lab.stopAgent(survivor);
      fixture.lab.startAgent(survivor, fixture.address, Map.of());
    }
    try (EtcdDrProcess worker = fixture.worker()) {
      NodeReport report = awaitReport("node1");
      assertThat(report.generation()).isEqualTo(2);
      assertThat(report.clusterId()).isEqualTo(newClusterId);

      fixture.powerOn(SITE_A.toArray(String[]::new));
      // A node that served and cannot confirm its generation fails closed at boot: the record is
      // empty, so site A's etcd is held. The operator who lets it serve again is the worst case.
      for (String master : SITE_A) {
        assertThat(fixture.release(master)).contains("boot hold ended").contains("recorded in");
      }
      ClusterHealth health = awaitOldQuorum();

      assertThat(fixture.record().map(ClusterRecord::generations).orElse(List.of()))
          .as("no generation adopted")
          .isEmpty();
      assertThat(health.adoptionRefused()).isNotEmpty();
      assertThat(health.splitBrain()).as("status: %s", health).isTrue();
      assertThat(health.foreign())
          .anySatisfy(f -> assertThat(f.clusterId()).isEqualTo(newClusterId));
      assertThat(fixture.cli("cluster", "status", "lab"))
          .contains("no generation recorded yet")
          .contains(
              "node node1 says: node node1 last served generation 2 (cluster ID " + newClusterId);
    }
  }

  /** The lab's inventory as onboarding writes it: the voters' endpoints only. */
  private static void onlyTheVotersEndpointsInTheInventory() throws Exception {
    Path file = fixture.lab.layout().clusters().resolve("lab.yaml");
    String node1 = "https://" + fixture.lab.node("node1").address() + ":2379";
    var yaml =
        new com.fasterxml.jackson.databind.ObjectMapper(
            new com.fasterxml.jackson.dataformat.yaml.YAMLFactory());
    var inventory = yaml.readTree(file.toFile());
    var endpoints =
        (com.fasterxml.jackson.databind.node.ArrayNode) inventory.at("/spec/etcd/endpoints");
    for (int i = endpoints.size() - 1; i >= 0; i--) {
      if (endpoints.get(i).asText().equals(node1)) {
        endpoints.remove(i);
      }
    }
    Files.writeString(file, yaml.writeValueAsString(inventory));
    assertThat(Files.readString(file)).doesNotContain(node1);
  }

  private static ServedNote awaitServedNote(String node, int generation) throws Exception {
    AgentPaths paths = new AgentPaths(fixture.lab.layout().root(node));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      Optional<ServedNote> note = ServedNote.read(paths, "lab");
      if (note.isPresent() && note.get().generation() == generation) {
        return note.get();
      }
      Thread.sleep(500);
    }
    throw new AssertionError(node + " never noted generation " + generation);
  }

  private static NodeReport awaitReport(String node) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      Optional<NodeReport> report =
          fixture.record().map(ClusterRecord::nodeReports).orElse(List.of()).stream()
              .filter(r -> r.node().equals(node))
              .findFirst();
      if (report.isPresent()) {
        return report.get();
      }
      Thread.sleep(500);
    }
    throw new AssertionError(node + "'s agent never reported its note to the new record");
  }

  /** The status once site A's old members answer with quorum again. */
  private static ClusterHealth awaitOldQuorum() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    ClusterHealth health = fixture.health();
    while (!(health.quorum() && health.reachable().size() == 3) && System.nanoTime() < deadline) {
      Thread.sleep(1_000);
      health = fixture.health();
    }
    assertThat(health.reachable()).as("site A's old members serve again: %s", health).hasSize(3);
    return health;
  }
}
