package io.etcddr.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.command.InspectContainerResponse;
import io.etcddr.activities.docker.DockerEngine;
import io.etcddr.activities.etcd.EtcdVersion;
import io.etcddr.cluster.FenceOrder;
import io.etcddr.engine.RunResult;
import io.etcddr.engine.RunStatus;
import io.etcddr.engine.RunbookWorkflow;
import io.etcddr.engine.StepState;
import io.etcddr.engine.StepStatus;
import io.etcddr.process.EtcdDrProcess;
import io.temporal.client.WorkflowStub;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * On the mixed lab the original cluster had (3.4 voters, a 3.5 learner): add-learner starts the
 * learner on the 3.5 image, learner-drill passes, and then a lost site whose nodes still run: site
 * A's etcd containers are dead (quorum lost) but its agents answer. failover-to-learner fences
 * those nodes before it restores — kube-apiserver and etcd stopped, restart policy `no`, the old
 * data dir kept aside —, its approval prompt says which nodes it fences and which it could not
 * reach, and the restore uses the learner's 3.5 etcdutl (the revision is bumped).
 */
class FenceAtFailoverIT {

  private static final List<String> SITE_A = List.of("master1", "master2", "master3");

  private static LabFixture fixture;

  @BeforeAll
  static void up() throws Exception {
    fixture = LabFixture.up(new LabVersions(EtcdVersion.V3_4, EtcdVersion.V3_5_30));
  }

  @AfterAll
  static void down() throws Exception {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void answeringNodesOfTheLostSiteAreFencedBeforeTheRestore() throws Exception {
    try (EtcdDrProcess worker = fixture.worker()) {
      fixture.addLearnerOnNode1("image=" + fixture.lab.learnerImage());
      try (DockerEngine engine = engine("node1")) {
        assertThat(engine.client().inspectContainerCmd("etcd").exec().getConfig().getImage())
            .isEqualTo("rancher/mirrored-coreos-etcd:v3.5.30");
      }
      assertThat(fixture.health().members())
          .extracting(m -> m.version())
          .containsExactlyInAnyOrder("3.4.23", "3.4.23", "3.4.23", "3.5.30");
      fixture.cli(
          "run", "learner-drill", "--set", "cluster=lab", "--set", "learner=node1", "--follow");
      for (String master : SITE_A) {
        try (DockerEngine engine = engine(master)) {
          engine.client().killContainerCmd("etcd").exec();
        }
      }

      fixture.cli("run", "failover-to-learner", "--set", "cluster=lab", "--set", "learner=node1");
      WorkflowStub run =
          fixture.temporal.client().newUntypedWorkflowStub("failover-to-learner/lab");
      StepStatus go = awaitWaiting(run);
      assertThat(go.prompt())
          .contains(
              "Fenced now (agent answers: kube-apiserver and etcd stopped, restart policy no, data"
                  + " dir kept aside): [\"master1\",\"master2\",\"master3\"]")
          .contains("unreachable, fenced the moment their agent is back: []");
      fixture.cli("approve", "failover-to-learner/lab", "--by", "sre");
      RunResult result = run.getResult(5, TimeUnit.MINUTES, RunResult.class);
      @SuppressWarnings("unchecked")
      Map<String, Object> restore = (Map<String, Object>) result.steps().get("restore");
      assertThat(((Number) restore.get("revisionBump")).longValue())
          .as(
              "the restore's outputs: %s; learner-etcd: %s",
              restore, result.steps().get("learner-etcd"))
          .isEqualTo(1_000_000_000L);
      assertThat(restore.get("markedCompacted")).isEqualTo(true);

      for (String master : SITE_A) {
        try (DockerEngine engine = engine(master)) {
          for (String container : List.of("kube-apiserver", "etcd")) {
            InspectContainerResponse c = engine.client().inspectContainerCmd(container).exec();
            assertThat(c.getState().getRunning()).as(master + " " + container).isFalse();
            assertThat(c.getHostConfig().getRestartPolicy().getName())
                .as(master + " " + container + " restart policy")
                .isEqualTo("no");
          }
        }
        Path root = fixture.lab.layout().root(master).resolve("var/lib");
        assertThat(root.resolve("etcd"))
            .as("the fence note where the data dir was")
            .isRegularFile();
        try (var kept = Files.list(root)) {
          assertThat(kept.map(p -> p.getFileName().toString()))
              .anyMatch(n -> n.startsWith("etcd.fenced-"));
        }
      }
      assertThat(fixture.record().orElseThrow().fences())
          .extracting(FenceOrder::node, FenceOrder::state)
          .containsExactlyInAnyOrder(
              org.assertj.core.groups.Tuple.tuple("master1", FenceOrder.State.FENCED),
              org.assertj.core.groups.Tuple.tuple("master2", FenceOrder.State.FENCED),
              org.assertj.core.groups.Tuple.tuple("master3", FenceOrder.State.FENCED));
      assertThat(fixture.cli("cluster", "status", "lab"))
          .contains("2 (current)")
          .contains("master1")
          .contains("fenced");
    }
  }

  private static DockerEngine engine(String node) {
    return DockerEngine.connect(fixture.lab.layout().docker(node).host());
  }

  private static StepStatus awaitWaiting(WorkflowStub run) throws InterruptedException {
    for (int i = 0; i < 600; i++) {
      try {
        RunStatus status = run.query(RunbookWorkflow.QUERY_STATUS, RunStatus.class);
        for (StepStatus step : status.steps()) {
          if (step.id().equals("go") && step.state() == StepState.WAITING_FOR_APPROVAL) {
            return step;
          }
        }
      } catch (RuntimeException notYet) {
        // the worker is still taking the run
      }
      Thread.sleep(200);
    }
    throw new AssertionError("failover-to-learner never waited for its approval");
  }
}
