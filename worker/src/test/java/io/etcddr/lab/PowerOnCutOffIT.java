package io.etcddr.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.etcddr.activities.fence.ServedNote;
import io.etcddr.activities.host.AgentPaths;
import io.etcddr.contract.cluster.ClusterRecord;
import io.etcddr.contract.cluster.FenceOrder;
import io.etcddr.engine.RunResult;
import io.etcddr.process.EtcdDrProcess;
import io.temporal.client.WorkflowStub;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Site A's power comes back before its link does, after a failover: its nodes boot cut off from the
 * witness and from site B, their fence orders out of reach. Each node served generation 1 and
 * cannot confirm it is current, so it holds its etcd down at boot; a client inside site A gets not
 * one write accepted for three minutes. Once the link is back the fence orders reach the nodes, the
 * held data becomes the fence's, and the old members never serve.
 */
@OnTheLab
@LongScenario
class PowerOnCutOffIT {

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
  void aSiteBootedCutOffKeepsItsOldEtcdDownUntilItsFenceOrderArrives() throws Exception {
    try (EtcdDrProcess worker = fixture.worker()) {
      assertThat(fixture.addLearnerOnNode1()).contains("run completed");
      for (String master : SITE_A) {
        awaitServedNote(master);
      }
      fixture.powerOff(SITE_A.toArray(String[]::new));
      fixture.cli("run", "failover-to-learner", "--set", "cluster=lab", "--set", "learner=node1");
      WorkflowStub run =
          fixture.temporal.client().newUntypedWorkflowStub("failover-to-learner/lab");
      RunSteps.awaitApproval(run);
      fixture.approveAsTwoPeople("failover-to-learner/lab");
      run.getResult(6, TimeUnit.MINUTES, RunResult.class);

      fixture.lab.network().partition("A", null, fixture.lab.nodes());
      fixture.powerOn(SITE_A.toArray(String[]::new));
      for (String master : SITE_A) {
        assertThat(Files.readString(agentLog(master)))
            .as("%s's fence check at boot", master)
            .contains("HELD: served generation 1");
      }
      try (SiteWriter writer = SiteWriter.start(fixture, "master1", "A", "/registry/cut-boot/")) {
        Thread.sleep(180_000);
        assertThat(writer.attempts()).as("the client kept trying").isGreaterThan(20);
        assertThat(writer.acked()).as("writes the old members accepted in 3 min").isEmpty();

        long healed = System.currentTimeMillis();
        fixture.lab.network().heal();
        awaitFenced();
        System.out.printf(
            "power-on cut off: the fence orders reached site A %d ms after the heal%n",
            System.currentTimeMillis() - healed);
        Thread.sleep(20_000);
        assertThat(writer.acked()).as("writes the old members accepted after the heal").isEmpty();
      }
      for (String master : SITE_A) {
        Path lib = fixture.lab.layout().root(master).resolve("var/lib");
        assertThat(lib.resolve("etcd")).as("the fence note where the data dir was").isRegularFile();
        assertThat(lib.resolve("etcd.boot-hold")).as("the hold became the fence").doesNotExist();
        try (var kept = Files.list(lib)) {
          assertThat(kept.map(p -> p.getFileName().toString()))
              .anyMatch(n -> n.startsWith("etcd.fenced-"));
        }
      }
    }
  }

  private static Path agentLog(String node) {
    return fixture.lab.layout().agentLog(node);
  }

  private static void awaitServedNote(String node) throws Exception {
    AgentPaths paths = new AgentPaths(fixture.lab.layout().root(node));
    long deadline = System.currentTimeMillis() + 60_000;
    while (ServedNote.read(paths, "lab").isEmpty()) {
      assertThat(System.currentTimeMillis())
          .as(node + " notes its generation")
          .isLessThan(deadline);
      Thread.sleep(500);
    }
  }

  private static void awaitFenced() throws Exception {
    long deadline = System.currentTimeMillis() + 300_000;
    while (true) {
      List<FenceOrder> fences =
          fixture.record().map(ClusterRecord::fences).orElse(List.of()).stream()
              .filter(f -> SITE_A.contains(f.node()))
              .toList();
      if (fences.size() == 3
          && fences.stream().allMatch(f -> f.state() == FenceOrder.State.FENCED)) {
        return;
      }
      assertThat(System.currentTimeMillis())
          .as("the fence orders reach site A once the link is back: %s", fences)
          .isLessThan(deadline);
      Thread.sleep(1_000);
    }
  }
}
