package io.etcddr.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.command.InspectContainerResponse;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcddr.activities.docker.DockerEngine;
import io.etcddr.activities.fence.LeaseNote;
import io.etcddr.activities.host.AgentPaths;
import io.etcddr.contract.cluster.ClusterRecord;
import io.etcddr.contract.cluster.FenceOrder;
import io.etcddr.contract.cluster.Generation;
import io.etcddr.engine.RunResult;
import io.etcddr.engine.RunStatus;
import io.etcddr.engine.RunbookWorkflow;
import io.etcddr.engine.StepStatus;
import io.etcddr.process.EtcdDrProcess;
import io.etcddr.process.FreePort;
import io.temporal.client.WorkflowStub;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Site A cut off, not dead, on the lab: its three voters keep quorum inside the site and a client
 * there keeps writing, while the witness and site B see exactly what a power cut looks like. The
 * EtcdQuorumLost alert starts failover-to-learner; it is approved at once. Site A fences itself
 * within T_fence of the cut (its agents reach neither the witness nor site B), the restore waits
 * for that, and after it site A accepts no write — neither cut off nor once the link is back, when
 * the fence orders reach its nodes. The new cluster serves, and the divergence report lists exactly
 * the keys site A took after the learner's last revision.
 */
@OnTheLab
class PartitionIT {

  private static final long T_FENCE = 15_000;
  private static final String PREFIX = "/registry/partition-it/";
  private static final List<String> SITE_A = List.of("master1", "master2", "master3");
  private static final ObjectMapper JSON = new ObjectMapper();

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
  void aCutOffSiteFencesItselfBeforeTheRestoreAndTakesNoWriteAfterIt() throws Exception {
    String api = fixture.apiHost() + ":" + FreePort.on(fixture.apiHost());
    String token = "partition-it-" + Long.toHexString(System.nanoTime());
    Path tokenFile = Files.writeString(fixture.dir.resolve("api-token"), token);
    try (EtcdDrProcess worker =
        fixture.worker("--http", api, "--api-token-file", tokenFile.toString())) {
      assertThat(fixture.addLearnerOnNode1()).contains("run completed");
      awaitSiteAGuarded();
      try (SiteWriter writer = SiteWriter.start(fixture, "master1", "A", PREFIX)) {
        writer.awaitAcks(20, 60_000);

        long cutAt = System.currentTimeMillis();
        fixture.lab.network().partition("A", null, fixture.lab.nodes());
        Thread.sleep(3_000);
        assertThat(LabFixture.postAlert(api, token, "EtcdQuorumLost").body())
            .contains("\"outcome\":\"started\"");
        WorkflowStub run =
            fixture.temporal.client().newUntypedWorkflowStub("failover-to-learner/lab");
        StepStatus go = RunSteps.awaitApproval(run);
        assertThat(go.prompt()).contains("site A last heard at").contains("if it is alive");
        fixture.approveAsTwoPeople("failover-to-learner/lab");
        RunResult result = run.getResult(6, TimeUnit.MINUTES, RunResult.class);

        long restoreBegan = stepStartedAt(run, "restore");
        SiteWriter.Ack lastInSiteA = writer.last();
        System.out.printf(
            "partition: cut at %d; site A's last accepted write %d ms after the cut; the restore"
                + " began %d ms after the cut%n",
            cutAt, lastInSiteA.at() - cutAt, restoreBegan - cutAt);
        assertThat(lastInSiteA.at() - cutAt)
            .as("site A stops taking writes within T_fence and a few seconds of the cut")
            .isLessThanOrEqualTo(T_FENCE + 5_000);
        assertThat(writer.ackedSince(restoreBegan))
            .as("writes site A took after the restore began")
            .isZero();
        assertSiteAStopped();

        long healedAt = System.currentTimeMillis();
        fixture.lab.network().heal();
        awaitFenced(SITE_A);
        System.out.printf(
            "partition: the fence orders reached site A %d ms after the heal%n",
            System.currentTimeMillis() - healedAt);
        Thread.sleep(T_FENCE);
        assertThat(writer.ackedSince(healedAt)).as("writes site A took after the heal").isZero();

        assertNewClusterServes(String.valueOf(result.outputs().get("clientUrl")));
        theReportListsExactlyWhatSiteATookAfterTheLearner(writer);
      }
    }
  }

  /** Site A's agents know the generation they guard and reach the witness. */
  private static void awaitSiteAGuarded() throws Exception {
    long deadline = System.currentTimeMillis() + 60_000;
    for (String master : SITE_A) {
      AgentPaths paths = new AgentPaths(fixture.lab.layout().root(master));
      while (LeaseNote.read(paths, "lab").map(n -> n.voterSites().contains("A")).orElse(false)
              == false
          || fixture.record().flatMap(r -> r.agentSeen(master)).isEmpty()) {
        assertThat(System.currentTimeMillis()).as(master + " guards site A").isLessThan(deadline);
        Thread.sleep(500);
      }
    }
  }

  private static long stepStartedAt(WorkflowStub run, String step) {
    RunStatus status = run.query(RunbookWorkflow.QUERY_STATUS, RunStatus.class);
    return status.steps().stream()
        .filter(s -> s.id().equals(step))
        .map(StepStatus::startedAt)
        .findFirst()
        .orElseThrow();
  }

  private static void assertSiteAStopped() {
    for (String master : SITE_A) {
      try (DockerEngine engine = DockerEngine.connect(fixture.lab.layout().docker(master).host())) {
        for (String container : List.of("kube-apiserver", "etcd")) {
          InspectContainerResponse c = engine.client().inspectContainerCmd(container).exec();
          assertThat(c.getState().getRunning()).as(master + " " + container + " runs").isFalse();
          assertThat(c.getHostConfig().getRestartPolicy().getName())
              .as(master + " " + container + " restart policy")
              .isEqualTo("no");
        }
      }
    }
  }

  private static void awaitFenced(List<String> nodes) throws Exception {
    long deadline = System.currentTimeMillis() + 300_000;
    while (true) {
      List<FenceOrder> fences =
          fixture.record().map(ClusterRecord::fences).orElse(List.of()).stream()
              .filter(f -> nodes.contains(f.node()))
              .toList();
      if (fences.size() == nodes.size()
          && fences.stream().allMatch(f -> f.state() == FenceOrder.State.FENCED)) {
        return;
      }
      assertThat(System.currentTimeMillis())
          .as("the fence orders reach site A once the link is back: %s", fences)
          .isLessThan(deadline);
      Thread.sleep(1_000);
    }
  }

  private static void assertNewClusterServes(String clientUrl) throws Exception {
    try (Client client = fixture.etcdClient(List.of(clientUrl))) {
      long revision =
          client
              .getKVClient()
              .put(bytes("/registry/partition-it-after"), bytes("new"))
              .get(10, TimeUnit.SECONDS)
              .getHeader()
              .getRevision();
      assertThat(revision).isPositive();
    }
  }

  /**
   * Exactly the keys site A took after the revision the new cluster was restored from: every such
   * acknowledged write, and nothing else but a write whose acknowledgement the fence cut off. Site
   * A's members fenced themselves a moment apart, and the last two took writes the first one never
   * saw: the report of the member whose old data went furthest is site A's last word.
   */
  private static void theReportListsExactlyWhatSiteATookAfterTheLearner(SiteWriter writer)
      throws Exception {
    Generation current = fixture.record().flatMap(ClusterRecord::current).orElseThrow();
    long from = current.fromRevision();
    JsonNode outputs = null;
    for (String master : SITE_A) {
      assertThat(
              fixture.cli(
                  "run",
                  "divergence-report",
                  "--set",
                  "cluster=lab",
                  "--set",
                  "node=" + master,
                  "--set",
                  "prefix=" + PREFIX,
                  "--follow"))
          .contains("run completed");
      JsonNode report =
          JSON.readTree(fixture.cli("status", "divergence-report/lab", "--json"))
              .at("/status/outputs");
      System.out.printf(
          "partition: %s's old data: %d created keys%n",
          master, report.at("/created/count").asLong(-1));
      // the member whose old data went furthest holds every write site A acknowledged
      if (outputs == null
          || report.at("/created/count").asLong(-1) > outputs.at("/created/count").asLong(-1)) {
        outputs = report;
      }
    }
    Set<String> reported = new TreeSet<>();
    outputs.get("created").get("first").forEach(n -> reported.add(n.asText()));
    long count = outputs.get("created").get("count").asLong();
    Set<String> acknowledgedAfter =
        writer.acked().stream()
            .filter(a -> a.revision() > from)
            .map(a -> PREFIX + a.number())
            .collect(Collectors.toCollection(TreeSet::new));
    Set<Integer> acknowledged =
        writer.acked().stream().map(SiteWriter.Ack::number).collect(Collectors.toSet());
    System.out.printf(
        "partition: the learner's last revision %d; site A took %d more acknowledged writes; the"
            + " report lists %d created keys%n",
        from, acknowledgedAfter.size(), count);
    assertThat(acknowledgedAfter).as("site A took writes after the learner's last").isNotEmpty();
    assertThat(count)
        .as("the acknowledged writes, and at most the one whose acknowledgement the fence cut off")
        .isBetween((long) acknowledgedAfter.size(), acknowledgedAfter.size() + 1L);
    assertThat(reported)
        .as("the names the report keeps (the first %d)", reported.size())
        .allSatisfy(
            key -> {
              int number = Integer.parseInt(key.substring(PREFIX.length()));
              assertThat(acknowledgedAfter.contains(key) || !acknowledged.contains(number))
                  .as(key + " was taken after the learner's last revision, or never acknowledged")
                  .isTrue();
            });
    assertThat(outputs.get("changed").get("count").asLong()).isZero();
    assertThat(outputs.get("deleted").get("count").asLong()).isZero();
  }

  private static ByteSequence bytes(String text) {
    return ByteSequence.from(text, StandardCharsets.UTF_8);
  }
}
