package io.etcddr.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.command.InspectContainerResponse;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.options.GetOption;
import io.etcddr.activities.docker.DockerEngine;
import io.etcddr.activities.etcd.EtcdVersion;
import io.etcddr.contract.cluster.ClusterRecord;
import io.etcddr.contract.cluster.Divergence;
import io.etcddr.contract.cluster.FenceOrder;
import io.etcddr.engine.RunResult;
import io.etcddr.engine.StepStatus;
import io.etcddr.process.EtcdDrProcess;
import io.temporal.client.WorkflowStub;
import java.nio.charset.StandardCharsets;
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
 *
 * <p>What the failover lost is then made visible: the learner was cut off (its etcd stopped) before
 * a known set of writes reached site A, and divergence-report on a fenced master lists exactly
 * those keys — created, changed, deleted — and nothing else; for a node whose agent does not answer
 * it says the loss is unknown.
 */
@OnTheLab
@LongScenario
class FenceAtFailoverIT {

  private static final List<String> SITE_A = List.of("master1", "master2", "master3");

  private static final ObjectMapper JSON = new ObjectMapper();

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
      writesTheLearnerNeverSaw();
      for (String master : SITE_A) {
        try (DockerEngine engine = engine(master)) {
          engine.client().killContainerCmd("etcd").exec();
        }
      }

      fixture.cli("run", "failover-to-learner", "--set", "cluster=lab", "--set", "learner=node1");
      WorkflowStub run =
          fixture.temporal.client().newUntypedWorkflowStub("failover-to-learner/lab");
      StepStatus go = RunSteps.awaitApproval(run);
      assertThat(go.prompt())
          .contains(
              "Fenced now (agent answers: kube-apiserver and etcd stopped, restart policy no, data"
                  + " dir kept aside): [\"master1\",\"master2\",\"master3\"]")
          .contains("unreachable, fenced the moment their agent is back: []");
      fixture.approveAsTwoPeople("failover-to-learner/lab");
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

      theReportListsExactlyWhatTheFailoverLost();
      theLossOfANodeThatDoesNotAnswerIsUnknown();
    }
    noKeyMaterialInAnyHistoryOrLog();
  }

  /**
   * The whole run — add-learner (a member key made on node1), a drill, a failover with its fences,
   * two divergence reports — with payloads in clear, the worst case: no private key of the lab, in
   * any form, in any workflow history the server holds or in any log line of any process; and every
   * key file etcd-dr wrote is readable by its owner only.
   */
  private static void noKeyMaterialInAnyHistoryOrLog() throws Exception {
    SecretScan scan = SecretScan.ofLab(fixture.lab.layout().dir());
    var service = fixture.temporal.client().getWorkflowServiceStubs();
    assertThat(SecretScan.executions(service, "default"))
        .as("runs on the server")
        .extracting(e -> e.getWorkflowId())
        .contains("add-learner/lab", "failover-to-learner/lab", "cluster/lab");
    List<String> hits = new java.util.ArrayList<>(scan.inHistories(service, "default"));
    hits.addAll(scan.inLogs(fixture.dir));
    assertThat(hits).as("key material found").isEmpty();

    Path learnerKey =
        io.etcddr.activities.cert.RkeCertificateNames.etcdKey(
            fixture.lab.layout().root("node1").resolve("etc/kubernetes/ssl"),
            fixture.lab.nodes().get(3).address());
    assertThat(java.nio.file.Files.getPosixFilePermissions(learnerKey))
        .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    // the scan finds a key that leaks: the key file itself, or its PEM inside a log line
    assertThat(scan.in("the key file", Files.readAllBytes(learnerKey))).isNotEmpty();
    assertThat(scan.in("a log line", ("ERROR " + Files.readString(learnerKey)).getBytes()))
        .isNotEmpty();
  }

  private static final String PREFIX = "/divergence-it/";

  /**
   * Keys the learner holds, then its etcd stopped, then writes that only site A takes: three
   * created, two updated, two deleted. The key `kept` is never touched again.
   */
  private static void writesTheLearnerNeverSaw() throws Exception {
    List<String> masters =
        fixture.lab.nodes().stream()
            .filter(LabNode::etcd)
            .map(n -> "https://" + n.address() + ":2379")
            .toList();
    String learner = "https://" + fixture.lab.nodes().get(3).address() + ":2379";
    try (Client siteA = fixture.etcdClient(masters);
        Client onLearner = fixture.etcdClient(List.of(learner))) {
      for (String key : List.of("kept", "update-1", "update-2", "delete-1", "delete-2")) {
        put(siteA, key, "before");
      }
      GetOption serializable =
          GetOption.newBuilder().withSerializable(true).withCountOnly(true).isPrefix(true).build();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (onLearner
              .getKVClient()
              .get(bytes(PREFIX), serializable)
              .get(10, TimeUnit.SECONDS)
              .getCount()
          < 5) {
        assertThat(System.nanoTime())
            .as("the learner applies the first writes")
            .isLessThan(deadline);
        Thread.sleep(200);
      }
    }
    try (DockerEngine engine = engine("node1")) {
      engine.client().stopContainerCmd("etcd").exec();
    }
    try (Client siteA = fixture.etcdClient(masters)) {
      for (String key : List.of("created-1", "created-2", "created-3")) {
        put(siteA, key, "value-only-on-site-A");
      }
      put(siteA, "update-1", "value-only-on-site-A");
      put(siteA, "update-2", "value-only-on-site-A");
      siteA.getKVClient().delete(bytes(PREFIX + "delete-1")).get(10, TimeUnit.SECONDS);
      long last =
          siteA
              .getKVClient()
              .delete(bytes(PREFIX + "delete-2"))
              .get(10, TimeUnit.SECONDS)
              .getHeader()
              .getRevision();
      // A write is acknowledged once a majority has it: the member a report reads may lag. Here
      // every master holds the last one before the site dies, so each one's report is the same.
      for (String master : masters) {
        awaitRevision(master, last);
      }
    }
  }

  private static void awaitRevision(String endpoint, long revision) throws Exception {
    try (Client member = fixture.etcdClient(List.of(endpoint))) {
      GetOption serializable = GetOption.newBuilder().withSerializable(true).build();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (member
              .getKVClient()
              .get(bytes(PREFIX), serializable)
              .get(10, TimeUnit.SECONDS)
              .getHeader()
              .getRevision()
          < revision) {
        assertThat(System.nanoTime()).as(endpoint + " applies the last write").isLessThan(deadline);
        Thread.sleep(100);
      }
    }
  }

  private static void theReportListsExactlyWhatTheFailoverLost() throws Exception {
    Path lib = fixture.lab.layout().root("master1").resolve("var/lib");
    List<String> before = listing(lib);
    assertThat(
            fixture.cli(
                "run",
                "divergence-report",
                "--set",
                "cluster=lab",
                "--set",
                "node=master1",
                "--set",
                "prefix=" + PREFIX,
                "--follow"))
        .contains("run completed");
    JsonNode outputs =
        JSON.readTree(fixture.cli("status", "divergence-report/lab", "--json"))
            .at("/status/outputs");
    assertThat(outputs.get("known").asBoolean()).as("outputs %s", outputs).isTrue();
    assertThat(names(outputs.get("created")))
        .containsExactly(PREFIX + "created-1", PREFIX + "created-2", PREFIX + "created-3");
    assertThat(names(outputs.get("changed")))
        .containsExactly(PREFIX + "update-1", PREFIX + "update-2");
    assertThat(names(outputs.get("deleted")))
        .containsExactly(PREFIX + "delete-1", PREFIX + "delete-2");
    assertThat(outputs.get("lost").asLong()).isEqualTo(7);
    assertThat(outputs.get("summary").asText())
        .contains("master1's old data")
        .contains("3 created, 2 changed, 2 deleted");
    assertThat(outputs.toString()).as("names only, never values").doesNotContain("value-only");

    Divergence recorded =
        fixture.record().flatMap(ClusterRecord::current).orElseThrow().divergences().stream()
            .filter(d -> d.node().equals("master1"))
            .findFirst()
            .orElseThrow();
    assertThat(recorded.lost()).isEqualTo(7);
    assertThat(recorded.oldLastWriteAt()).isNotNull();
    assertThat(recorded.oldRevision()).isGreaterThan(recorded.fromRevision());
    assertThat(fixture.cli("cluster", "status", "lab"))
        .contains("what the failover lost")
        .contains("3 created, 2 changed, 2 deleted");
    assertThat(listing(lib)).as("no trace left, the data kept aside untouched").isEqualTo(before);
    try (DockerEngine engine = engine("master1")) {
      assertThat(engine.client().listContainersCmd().withShowAll(true).exec())
          .flatExtracting(c -> List.of(c.getNames()))
          .noneMatch(n -> n.contains("etcd-divergence"));
    }
  }

  private static void theLossOfANodeThatDoesNotAnswerIsUnknown() throws Exception {
    fixture.lab.stopAgent("master3");
    fixture.cli(
        "run", "divergence-report", "--set", "cluster=lab", "--set", "node=master3", "--follow");
    JsonNode outputs =
        JSON.readTree(fixture.cli("status", "divergence-report/lab", "--json"))
            .at("/status/outputs");
    assertThat(outputs.get("known").asBoolean()).isFalse();
    assertThat(outputs.get("summary").asText())
        .contains("master3's old data did not come back")
        .contains("unknown");
  }

  /**
   * Every file under the dir with its size and modification time, but etcd-dr's own work folders;
   * and those hold no divergence-report folder any more.
   */
  private static List<String> listing(Path dir) throws Exception {
    Path work = dir.resolve("etcd-dr");
    if (Files.isDirectory(work)) {
      try (var left = Files.list(work)) {
        assertThat(left.map(p -> p.getFileName().toString()))
            .noneMatch(n -> n.startsWith("divergence-"));
      }
    }
    try (var files = Files.walk(dir)) {
      return files
          .filter(Files::isRegularFile)
          .filter(p -> !p.startsWith(work))
          .map(p -> dir.relativize(p) + " " + p.toFile().length() + " " + p.toFile().lastModified())
          .sorted()
          .toList();
    }
  }

  private static List<String> names(JsonNode keys) {
    List<String> names = new java.util.ArrayList<>();
    keys.get("first").forEach(n -> names.add(n.asText()));
    assertThat(keys.get("count").asLong()).isEqualTo(names.size());
    return names;
  }

  private static void put(Client client, String key, String value) throws Exception {
    client.getKVClient().put(bytes(PREFIX + key), bytes(value)).get(10, TimeUnit.SECONDS);
  }

  private static ByteSequence bytes(String text) {
    return ByteSequence.from(text, StandardCharsets.UTF_8);
  }

  private static DockerEngine engine(String node) {
    return DockerEngine.connect(fixture.lab.layout().docker(node).host());
  }
}
