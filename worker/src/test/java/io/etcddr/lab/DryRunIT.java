package io.etcddr.lab;

import static io.etcddr.lab.LabFixture.SITE_A;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.model.Container;
import io.etcddr.activities.docker.DockerEngine;
import io.etcddr.cli.CliRun;
import io.etcddr.contract.cluster.ClusterRecord;
import io.etcddr.contract.etcd.ClusterHealth;
import io.etcddr.process.EtcdDrProcess;
import io.etcddr.process.FreePort;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A dry run changes nothing: on the lab, every shipped runbook is dry-run and the lab is compared
 * before and after — each node's containers, the files under each node's root, the etcd member list
 * and revision, the cluster's record. After a power cut of site A, the dry run of
 * failover-to-learner lists what would be fenced and what would be lost, and orders no fence.
 */
@OnTheLab
@LongScenario
class DryRunIT {

  private static final String STORE = "store=file:///tmp/etcd-dr-store";

  /** Every shipped runbook with inputs that name the lab's nodes. */
  private static final Map<String, List<String>> RUNBOOKS =
      new TreeMap<>(
          Map.ofEntries(
              Map.entry("add-learner", List.of("learner=node1", "from=master1")),
              Map.entry("ca-key-backup", List.of(STORE)),
              Map.entry("ca-key-restore", List.of("node=node2", STORE)),
              Map.entry("divergence-report", List.of("node=master1")),
              Map.entry("doctor", List.of("nodes=master1,master2,master3,node1,node2")),
              Map.entry("failover-to-learner", List.of("learner=node1")),
              Map.entry("learner-drill", List.of("learner=node1")),
              Map.entry("promote-learner", List.of("learner=node1")),
              Map.entry("reprotect", List.of("learner=master1", "from=node1")),
              Map.entry("restore-from-snapshot", List.of(STORE)),
              Map.entry("snapshot", List.of("node=node2")),
              Map.entry("snapshot-drill", List.of("node=node2", STORE))));

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
  void aDryRunOfEveryShippedRunbookChangesNothingAndAfterAPowerCutListsFencesAndLoss()
      throws Exception {
    String api = fixture.apiHost() + ":" + FreePort.on(fixture.apiHost());
    Path tokenFile = Files.writeString(fixture.dir.resolve("api-token"), "dry-run-it-token");
    try (EtcdDrProcess worker =
        fixture.worker("--http", api, "--api-token-file", tokenFile.toString())) {
      assertThat(fixture.addLearnerOnNode1()).contains("run completed");
      pauseWriters(true); // the stand-ins' writes would move the revision under the comparison
      try {
        Snapshot before = Snapshot.settled();
        for (var runbook : RUNBOOKS.entrySet()) {
          CliRun run = dryRun(runbook.getKey(), runbook.getValue());
          System.out.println(run.out());
          assertThat(run.exitCode())
              .as("dry run of %s: %s%s", runbook.getKey(), run.out(), run.err())
              .isIn(0, 1);
          assertThat(run.out()).contains("nothing was changed");
        }
        CliRun clock = dryRunWithout("clock-check", "nodes=master1,node1");
        assertThat(clock.exitCode()).as(clock.out() + clock.err()).isZero();
        CliRun healthy = dryRun("failover-to-learner", List.of("learner=node1"));
        assertThat(healthy.exitCode()).as("a failover while quorum holds").isEqualTo(1);
        assertThat(healthy.out()).containsPattern("refuse-healthy\\s+worker\\s+NOT READY");
        CliRun snapshot = dryRun("snapshot", List.of("node=node2"));
        assertThat(snapshot.exitCode()).as(snapshot.out()).isZero();
        JsonNode overHttp =
            post(
                api,
                "{\"runbook\": \"snapshot\", \"dryRun\": true,"
                    + " \"inputs\": {\"cluster\": \"lab\", \"node\": \"node2\"}}");
        assertThat(overHttp.get("ready").asBoolean()).as(overHttp.toString()).isTrue();
        assertThat(overHttp.at("/rows/0/step").asText()).isNotEmpty();
        assertThat(overHttp.toString()).contains("\"readiness\":\"READY\"");
        before.assertSameAs(Snapshot.take());
      } finally {
        pauseWriters(false);
      }

      fixture.powerOff(SITE_A.toArray(String[]::new));
      ClusterRecord record = fixture.record().orElseThrow();
      CliRun afterCut = dryRun("failover-to-learner", List.of("learner=node1"));
      System.out.println(afterCut.out());
      assertThat(afterCut.out())
          .containsPattern(
              "fence-orders\\s+worker\\s+ready\\s+.*order fences for \\[master1, master2, master3\\]")
          .containsPattern("loss\\s+worker\\s+ready")
          .contains("go ")
          .contains("shown, not asked");
      assertThat(fixture.record().orElseThrow().fences())
          .as("the dry run ordered no fence")
          .isEqualTo(record.fences());
      assertThat(fixture.record().orElseThrow().generations()).isEqualTo(record.generations());
    }
  }

  private static JsonNode post(String api, String body) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://" + api + "/v1/runs"))
                    .header("Authorization", "Bearer dry-run-it-token")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return new ObjectMapper().readTree(response.body());
  }

  private static CliRun dryRun(String runbook, List<String> sets) {
    List<String> command =
        new ArrayList<>(List.of("run", runbook, "--dry-run", "--set", "cluster=lab"));
    sets.forEach(s -> command.addAll(List.of("--set", s)));
    return CliRun.of(fixture.args(command.toArray(String[]::new)));
  }

  private static CliRun dryRunWithout(String runbook, String set) {
    return CliRun.of(fixture.args("run", runbook, "--dry-run", "--set", set));
  }

  /** docker pause of every kube-apiserver stand-in: the lab's only writers. */
  private static void pauseWriters(boolean pause) {
    for (LabNode node : fixture.lab.nodes()) {
      try (DockerEngine engine = engine(node.name())) {
        for (Container c : engine.client().listContainersCmd().withShowAll(true).exec()) {
          if (List.of(c.getNames()).contains("/kube-apiserver")) {
            if (pause && "running".equals(c.getState())) {
              engine.client().pauseContainerCmd(c.getId()).exec();
            } else if (!pause && "paused".equals(c.getState())) {
              engine.client().unpauseContainerCmd(c.getId()).exec();
            }
          }
        }
      }
    }
  }

  private static DockerEngine engine(String node) {
    return DockerEngine.connect(fixture.lab.layout().docker(node).host());
  }

  /** What a dry run must leave as it was. */
  private record Snapshot(
      Map<String, String> containers,
      Map<String, String> files,
      List<String> members,
      long revision,
      Map<String, Object> record) {

    /**
     * The lab once it is quiet: the agents note a new generation's members within their 5 s round
     * after add-learner, so two looks a round apart must agree before the comparison starts.
     */
    static Snapshot settled() throws Exception {
      Snapshot last = take();
      for (int i = 0; i < 12; i++) {
        Thread.sleep(6_000);
        Snapshot now = take();
        if (now.equals(last)) {
          return now;
        }
        last = now;
      }
      throw new AssertionError("the lab never settled: its files kept changing without a dry run");
    }

    static Snapshot take() throws Exception {
      Map<String, String> containers = new TreeMap<>();
      Map<String, String> files = new TreeMap<>();
      for (LabNode node : fixture.lab.nodes()) {
        try (DockerEngine engine = engine(node.name())) {
          for (Container c : engine.client().listContainersCmd().withShowAll(true).exec()) {
            containers.put(node.name() + List.of(c.getNames()), c.getState() + " " + c.getImage());
          }
        }
        files(node.name(), fixture.lab.layout().root(node.name()), files);
      }
      ClusterHealth health = fixture.health();
      List<String> members =
          health.members().stream()
              .map(m -> m.name() + " " + m.id() + " learner=" + m.isLearner())
              .sorted()
              .toList();
      return new Snapshot(
          containers, files, members, health.revision(), kept(fixture.record().orElseThrow()));
    }

    /**
     * Every file under the node's root with its size and modification time; etcd's own member dir
     * is listed by name only (a live member rewrites its files without any client).
     */
    private static void files(String node, Path root, Map<String, String> into) throws IOException {
      try (Stream<Path> walk = Files.walk(root)) {
        for (Path p : (Iterable<Path>) walk::iterator) {
          String relative = node + "/" + root.relativize(p);
          boolean live = relative.contains("/member/");
          into.put(
              relative,
              live || !Files.isRegularFile(p)
                  ? "present"
                  : Files.size(p) + " bytes, modified " + Files.getLastModifiedTime(p));
        }
      }
    }

    /** Every path whose state differs: "path: before -> after". */
    private static List<String> changed(Map<String, String> before, Map<String, String> after) {
      java.util.Set<String> paths = new java.util.TreeSet<>(before.keySet());
      paths.addAll(after.keySet());
      return paths.stream()
          .filter(p -> !java.util.Objects.equals(before.get(p), after.get(p)))
          .map(p -> p + ": " + before.get(p) + " -> " + after.get(p))
          .toList();
    }

    /**
     * What the record keeps of runs: not the worker's own sightings and agents' heartbeats, which
     * it notes every few seconds whatever runs.
     */
    private static Map<String, Object> kept(ClusterRecord record) {
      Map<String, Object> kept = new TreeMap<>();
      kept.put("generations", record.generations());
      kept.put("fences", record.fences());
      kept.put("incidents", record.incidents());
      kept.put("lastDrill", String.valueOf(record.lastDrill()));
      kept.put("nodeReports", record.nodeReports());
      kept.put("releases", record.releases());
      return kept;
    }

    void assertSameAs(Snapshot after) {
      assertThat(after.containers()).as("containers").isEqualTo(containers);
      assertThat(changed(files, after.files())).as("files under the nodes' roots").isEmpty();
      assertThat(after.members()).as("etcd members").isEqualTo(members);
      assertThat(after.revision()).as("etcd revision").isEqualTo(revision);
      assertThat(after.record()).as("the cluster's record").isEqualTo(record);
    }
  }
}
