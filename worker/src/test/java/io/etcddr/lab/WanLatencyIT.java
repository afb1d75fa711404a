package io.etcddr.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.etcddr.engine.RunResult;
import io.etcddr.process.EtcdDrProcess;
import io.etcddr.testing.Prerequisites;
import io.temporal.client.WorkflowStub;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A WAN between the sites: 30 ms each way between site B (the learner's) and the others, the
 * witness too. add-learner, learner-drill and failover-to-learner all still work, and their figures
 * are printed: the drill's RPO at its cut and its restore time, and the failover's time.
 */
@OnTheLab
@LongScenario
class WanLatencyIT {

  private static final int DELAY_MS = 30;

  private static LabFixture fixture;

  @BeforeAll
  static void up() throws Exception {
    Prerequisites.need()
        .executable("/var/cache/etcd-dr/netdelay")
        .executable("/usr/sbin/iptables")
        .orSkip();
    fixture = LabFixture.up();
    fixture.lab.latency("B", DELAY_MS);
  }

  @AfterAll
  static void down() throws Exception {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void theDrillAndTheFailoverWorkOverThirtyMillisecondsEachWay() throws Exception {
    try (EtcdDrProcess worker = fixture.worker()) {
      assertThat(fixture.addLearnerOnNode1()).contains("run completed");
      assertThat(
              fixture.cli(
                  "run",
                  "learner-drill",
                  "--set",
                  "cluster=lab",
                  "--set",
                  "learner=node1",
                  "--follow"))
          .contains("run completed");
      RunResult drill =
          fixture
              .temporal
              .client()
              .newUntypedWorkflowStub("learner-drill/lab")
              .getResult(1, TimeUnit.MINUTES, RunResult.class);
      Map<String, Object> figures = drill.outputs();
      assertThat(figures).containsKeys("rpoRevisions", "catchUpRevisions", "restoreMillis");

      fixture.powerOff("master1", "master2", "master3");
      long started = System.currentTimeMillis();
      fixture.cli("run", "failover-to-learner", "--set", "cluster=lab", "--set", "learner=node1");
      WorkflowStub run =
          fixture.temporal.client().newUntypedWorkflowStub("failover-to-learner/lab");
      RunSteps.awaitApproval(run);
      fixture.approveAsTwoPeople("failover-to-learner/lab");
      RunResult failover = run.getResult(6, TimeUnit.MINUTES, RunResult.class);
      long took = System.currentTimeMillis() - started;
      assertThat(failover.outputs().get("generation")).isEqualTo(2);
      System.out.printf(
          "WAN %d ms each way: learner-drill RPO %s revisions at its cut (%s after catching up),"
              + " restore %s ms; failover-to-learner from start to end %d ms (waited %s ms for"
              + " the lost site's lease)%n",
          DELAY_MS,
          figures.get("rpoRevisions"),
          figures.get("catchUpRevisions"),
          figures.get("restoreMillis"),
          took,
          failover.outputs().get("leaseWaitedMillis"));
    }
  }
}
