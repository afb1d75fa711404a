package io.etcddr.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.kv.PutResponse;
import io.etcd.jetcd.options.GetOption;
import io.etcddr.activities.docker.DockerEngine;
import io.etcddr.contract.cluster.ClusterRecord;
import io.etcddr.contract.cluster.VoterSighting;
import io.etcddr.contract.etcd.ClusterHealth;
import io.etcddr.contract.etcd.EndpointStatus;
import io.etcddr.engine.RunResult;
import io.etcddr.engine.StepStatus;
import io.etcddr.process.EtcdDrProcess;
import io.temporal.client.WorkflowStub;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a failover loses is stated before anyone approves it, on the lab: the learner on node1 is
 * frozen (its container paused) while site A takes thousands of writes, the worker's status checks
 * keep the voters' revision in the cluster's record, site A loses power, and failover-to-learner's
 * approval prompt names the learner's revision, the voters' last one and when it was seen, and
 * exactly the number of the test's writes the learner never applied. The run's outputs carry the
 * same figures, and the restored cluster holds exactly the writes the prompt did not call lost.
 *
 * <p>A paused learner still takes, once thawed, what the leader had already put in its socket
 * before the power cut (a few hundred entries here): the learner's revision is read from the
 * learner itself after the cut, and the restored keys are counted against it.
 */
@OnTheLab
@LongScenario
class LaggingLearnerIT {

  private static final List<String> SITE_A = List.of("master1", "master2", "master3");
  private static final int WRITES = 4_000;
  private static final String PREFIX = "/registry/lagging-it/";
  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

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
  void thePromptStatesTheRevisionsSiteAWroteThatTheLearnerNeverApplied() throws Exception {
    try (EtcdDrProcess worker = fixture.worker()) {
      assertThat(fixture.addLearnerOnNode1()).contains("run completed");
      stopEveryApiServer(); // from here on only this test writes
      long learnerAt = learnerCaughtUp();
      VoterSighting beforeTheWrites = awaitSighting(learnerAt);

      try (DockerEngine node1 = engine("node1")) {
        node1.client().pauseContainerCmd("etcd").exec();
      }
      long last = writeThroughSiteA(WRITES);
      assertThat(last - learnerAt).as("one revision per write").isEqualTo(WRITES);
      VoterSighting lastSeen = awaitSighting(last);

      fixture.powerOff(SITE_A.toArray(String[]::new));
      try (DockerEngine node1 = engine("node1")) {
        node1.client().unpauseContainerCmd("etcd").exec();
      }
      long learnerHas = learnerRevision();
      long lost = last - learnerHas;
      assertThat(lost)
          .as("the learner lags by thousands of the test's writes")
          .isGreaterThan(1_000);
      fixture.cli("run", "failover-to-learner", "--set", "cluster=lab", "--set", "learner=node1");
      WorkflowStub run =
          fixture.temporal.client().newUntypedWorkflowStub("failover-to-learner/lab");
      StepStatus go = RunSteps.awaitApproval(run);

      ClusterRecord record = fixture.record().orElseThrow();
      VoterSighting lostAfter = record.lastSightingAtOrBelow(learnerHas).orElseThrow();
      assertThat(lostAfter.seenAt())
          .as("the loss is dated by a sighting taken once the test had stopped every writer")
          .isBetween(beforeTheWrites.seenAt(), lastSeen.seenAt());
      assertThat(go.prompt())
          .as("the prompt: %s", go.prompt())
          .contains(
              "The learner has applied revision "
                  + learnerHas
                  + "; the voters were last seen at revision "
                  + last
                  + " at "
                  + CLOCK.format(Instant.ofEpochMilli(lastSeen.seenAt())))
          .contains(
              "at least "
                  + lost
                  + " revisions written in site A after "
                  + CLOCK.format(Instant.ofEpochMilli(lostAfter.seenAt()))
                  + " are lost");
      System.out.println("the approval prompt of the lagging-learner failover:\n" + go.prompt());

      fixture.approveAsTwoPeople("failover-to-learner/lab");
      RunResult result = run.getResult(5, TimeUnit.MINUTES, RunResult.class);
      Map<String, Object> outputs = result.outputs();
      assertThat(number(outputs, "lostRevisionsAtLeast")).isEqualTo(lost);
      assertThat(number(outputs, "learnerRevision")).isEqualTo(learnerHas);
      assertThat(number(outputs, "votersLastRevision")).isEqualTo(last);
      assertThat(number(outputs, "votersLastSeenAt")).isEqualTo(lastSeen.seenAt());
      assertThat(restoredKeys(String.valueOf(outputs.get("clientUrl"))))
          .as("the restored cluster holds the writes the prompt did not call lost, and no other")
          .isEqualTo(WRITES - lost);
    }
  }

  /** The learner's own revision, read from it (serializably: it has no leader any more). */
  private static long learnerRevision() throws Exception {
    String learner = "https://" + fixture.lab.nodes().get(3).address() + ":2379";
    try (Client client = fixture.etcdClient(List.of(learner))) {
      return client
          .getKVClient()
          .get(bytes(PREFIX), GetOption.newBuilder().withSerializable(true).build())
          .get(10, TimeUnit.SECONDS)
          .getHeader()
          .getRevision();
    }
  }

  private static long restoredKeys(String clientUrl) throws Exception {
    try (Client client = fixture.etcdClient(List.of(clientUrl))) {
      return client
          .getKVClient()
          .get(bytes(PREFIX), GetOption.newBuilder().isPrefix(true).withCountOnly(true).build())
          .get(10, TimeUnit.SECONDS)
          .getCount();
    }
  }

  private static void stopEveryApiServer() {
    for (LabNode node : fixture.lab.nodes()) {
      try (DockerEngine engine = engine(node.name())) {
        engine.client().stopContainerCmd("kube-apiserver").exec();
      } catch (NotFoundException | NotModifiedException noneRunning) {
        // a worker node runs no kube-apiserver
      }
    }
  }

  /** The revision the voters and the learner agree on once nothing writes any more. */
  private static long learnerCaughtUp() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      ClusterHealth health = fixture.health();
      List<Long> revisions =
          health.members().stream()
              .filter(EndpointStatus::reachable)
              .map(EndpointStatus::revision)
              .distinct()
              .toList();
      if (health.learners().size() == 1 && revisions.size() == 1) {
        return revisions.get(0);
      }
      assertThat(System.nanoTime())
          .as("the learner catches up: %s", revisions)
          .isLessThan(deadline);
      Thread.sleep(200);
    }
  }

  /** The worker's first sighting of the voters at {@code revision}, as the record keeps it. */
  private static VoterSighting awaitSighting(long revision) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      var seen =
          fixture.record().map(ClusterRecord::sightings).orElse(List.of()).stream()
              .filter(s -> s.revision() == revision)
              .findFirst();
      if (seen.isPresent()) {
        return seen.get();
      }
      assertThat(System.nanoTime())
          .as("the worker records the voters at revision %d", revision)
          .isLessThan(deadline);
      Thread.sleep(500);
    }
  }

  /** Puts {@code count} keys through site A's voters, 100 in flight; the last revision. */
  private static long writeThroughSiteA(int count) throws Exception {
    List<String> voters =
        fixture.lab.nodes().stream()
            .filter(LabNode::etcd)
            .map(n -> "https://" + n.address() + ":2379")
            .toList();
    long last = 0;
    try (Client siteA = fixture.etcdClient(voters)) {
      for (int batch = 0; batch < count; batch += 100) {
        List<CompletableFuture<PutResponse>> puts = new ArrayList<>();
        for (int i = batch; i < Math.min(count, batch + 100); i++) {
          puts.add(siteA.getKVClient().put(bytes(PREFIX + i), bytes("only-in-site-A")));
        }
        for (CompletableFuture<PutResponse> put : puts) {
          last = Math.max(last, put.get(30, TimeUnit.SECONDS).getHeader().getRevision());
        }
      }
    }
    return last;
  }

  private static long number(Map<String, Object> outputs, String name) {
    assertThat(outputs).as("run outputs").containsKey(name);
    return ((Number) outputs.get(name)).longValue();
  }

  private static ByteSequence bytes(String text) {
    return ByteSequence.from(text, StandardCharsets.UTF_8);
  }

  private static DockerEngine engine(String node) {
    return DockerEngine.connect(fixture.lab.layout().docker(node).host());
  }
}
