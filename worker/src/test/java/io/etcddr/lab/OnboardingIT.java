package io.etcddr.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.etcddr.activities.inventory.Cluster;
import io.etcddr.activities.inventory.ClusterInventory;
import io.etcddr.cli.CliRun;
import io.etcddr.process.EtcdDrProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Onboarding on the lab, its agents running from the installed release archive: `inventory import`
 * of the lab's own cluster.yml gives the nodes, addresses and sites the lab's inventory has, and
 * only the voters' endpoints, as onboarding writes them; the worker then runs on that inventory.
 * `doctor` says not ready without a learner; add-learner records its learner in the current
 * generation, so status and doctor see it although the inventory never named its endpoint; doctor
 * is not ready again, naming the node, when one node's agent is stopped.
 */
@OnTheLab
@LongScenario
class OnboardingIT {

  private static LabFixture fixture;
  private static EtcdDrProcess worker;

  @BeforeAll
  static void up() throws Exception {
    fixture = LabFixture.up();
    worker = fixture.worker();
  }

  @AfterAll
  static void down() throws Exception {
    try {
      if (worker != null) {
        worker.close();
      }
    } finally {
      if (fixture != null) {
        fixture.close();
      }
    }
  }

  @Test
  void importThenDoctorBeforeAndAfterTheLearnerAndWithAnAgentStopped() throws Exception {
    Path imported = fixture.dir.resolve("imported");
    Path clusterYml = fixture.lab.layout().paths("node1").resolve(LabLayout.RKE_CONFIG);
    String out =
        CliRun.succeeding(
            "inventory",
            "import",
            "--rke-config",
            clusterYml.toString(),
            "--name",
            "lab",
            "--clusters",
            imported.toString(),
            "--deploy-node",
            "node1",
            "--ca-node",
            "node2",
            "--rke-config-on-node",
            LabLayout.RKE_CONFIG,
            "--cert-name",
            "127.0.0.1",
            "--etcd-ca",
            fixture.lab.layout().workerCert("ca").toString(),
            "--etcd-cert",
            fixture.lab.layout().workerCert("cert").toString(),
            "--etcd-key",
            fixture.lab.layout().workerCert("key").toString());
    assertThat(out).contains("5 nodes, etcd at https://").doesNotContain("to review");
    Cluster mine = new ClusterInventory(imported).require("lab");
    Cluster lab = new ClusterInventory(fixture.lab.layout().clusters()).require("lab");
    assertThat(mine.nodes()).containsExactlyInAnyOrderElementsOf(lab.nodes());
    assertThat(lab.etcd().endpoints()).containsAll(mine.etcd().endpoints());
    assertThat(mine.etcd().endpoints()).hasSize(3);
    assertThat(Files.readString(imported.resolve("lab.yaml")))
        .doesNotContain("docker_socket", "user:");
    // From here on the worker and every run read the imported inventory (it is read on each call).
    Files.copy(
        imported.resolve("lab.yaml"),
        fixture.lab.layout().clusters().resolve("lab.yaml"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);

    CliRun before = CliRun.of(fixture.args("doctor", "lab"));
    assertThat(before.exitCode()).as(before.out() + before.err()).isEqualTo(1);
    assertThat(before.out())
        .containsPattern("temporal +ok")
        .containsPattern("worker +ok")
        .containsPattern("agent master1 +ok")
        .containsPattern("etcd +ok +quorum")
        .containsPattern("learner +NOT READY +no learner answers: run add-learner")
        .containsPattern("certificates +ok +soonest expiry in \\d+ days")
        .containsPattern("clock skew +ok")
        .containsPattern("rke +ok +deploy node node1 has ")
        .containsPattern("ca key +ok +CA node node2 \\(site B\\) holds it; the CA is valid until ")
        .contains("cluster lab is NOT READY: 1 check(s) failed");

    assertThat(fixture.addLearnerOnNode1()).contains("run completed");
    String learnerUrl = "https://" + fixture.lab.node("node1").address() + ":2379";
    var generation =
        fixture.record().flatMap(io.etcddr.contract.cluster.ClusterRecord::current).orElseThrow();
    assertThat(generation.clientUrls()).contains(learnerUrl);
    assertThat(generation.members())
        .filteredOn(io.etcddr.contract.cluster.Generation.Member::learner)
        .extracting(io.etcddr.contract.cluster.Generation.Member::name)
        .containsExactly("etcd-node1");
    assertThat(fixture.health().learners()).containsExactly("etcd-node1");
    CliRun ready = CliRun.of(fixture.args("doctor", "lab"));
    assertThat(ready.exitCode()).as(ready.out() + ready.err()).isZero();
    assertThat(ready.out())
        .containsPattern("learner +ok +node1 in site B, \\d+ revisions behind")
        .containsPattern("last drill +warn +no learner-drill has run yet")
        .contains("cluster lab is ready for a DR");

    fixture.lab.stopAgent("master3");
    CliRun agentGone = CliRun.of(fixture.args("doctor", "lab"));
    assertThat(agentGone.exitCode()).as(agentGone.out()).isEqualTo(1);
    assertThat(agentGone.out())
        .containsPattern("agent master3 +NOT READY +no agent took work on etcd-dr@master3")
        .containsPattern("agent master2 +ok")
        .contains("cluster lab is NOT READY: 1 check(s) failed");
  }
}
