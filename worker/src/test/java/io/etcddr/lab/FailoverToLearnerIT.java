package io.etcddr.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.options.GetOption;
import io.etcddr.activities.etcd.EtcdClients;
import io.etcddr.activities.etcd.EtcdTls;
import io.etcddr.cli.CliRun;
import io.etcddr.connect.TemporalConnection;
import io.etcddr.connect.TemporalOptions;
import io.etcddr.engine.RunResult;
import io.etcddr.engine.RunStatus;
import io.etcddr.engine.StepState;
import io.etcddr.process.EtcdDrProcess;
import io.etcddr.process.FreePort;
import io.etcddr.process.SearchAttributeRegistration;
import io.etcddr.process.TemporalTestServer;
import io.temporal.client.WorkflowStub;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loss of the voters' site end to end on the lab (127.0.0.200–204, the worker's HTTP API on
 * .205), as the SRE lived it: a writer keeps writing under /registry, site A loses power,
 * failover-to-learner is started by the EtcdQuorumLost alert (cluster and learner only; a CLI start
 * with explicit nodes attaches to it) and approved, the worker is SIGKILLed at the backend copy and
 * again at the restore and restarted each time, and the run completes: the restored single-member
 * etcd on node1 holds every write the learner had applied, the kube-apiserver stand-in writes to
 * it, cluster.yml says external etcd.
 */
class FailoverToLearnerIT {

  private static final String FIRST_ADDRESS = "127.0.0.200";
  private static final String NODE1 = "127.0.0.203";
  private static final String API_HOST = "127.0.0.205";

  @TempDir Path dir;
  private Lab lab;
  private TemporalTestServer server;

  @AfterEach
  void down() throws Exception {
    if (lab != null) {
      lab.down();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void failoverSurvivesWorkerKillsAndLosesNothingTheLearnerApplied() throws Exception {
    assumeTrue(
        "root".equals(System.getProperty("user.name"))
            && Files.isExecutable(Path.of("/usr/sbin/dockerd"))
            && Files.isExecutable(Path.of("/usr/bin/etcd"))
            && Files.exists(EtcdDrProcess.JAR),
        "FAILOVER TEST SKIPPED: needs root, dockerd, etcd and the shaded jar (mvn verify)");
    int port = FreePort.on("127.0.0.1");
    String address = "127.0.0.1:" + port;
    Path log = dir.resolve("processes.log");
    server = TemporalTestServer.start(port, dir.resolve("server.log"));
    SearchAttributeRegistration.register(address, "default");
    lab = new Lab(dir.resolve("lab"), LabNode.standardLayout(FIRST_ADDRESS));
    lab.up(address, new PrintWriter(new StringWriter()));
    String clusters = lab.layout().clusters().toString();
    String[] worker = {
      "worker", "--address", address, "--library", "../runbooks", "--clusters", clusters
    };
    int apiPort = FreePort.on(API_HOST);
    String token = "failover-it-" + Long.toHexString(System.nanoTime());
    Path tokenFile = Files.writeString(dir.resolve("api-token"), token);
    List<String> withApi = new ArrayList<>(List.of(worker));
    withApi.addAll(
        List.of("--http", API_HOST + ":" + apiPort, "--api-token-file", tokenFile.toString()));

    EtcdDrProcess first = EtcdDrProcess.start(log, withApi.toArray(String[]::new));
    assertThat(
            CliRun.succeeding(
                "run",
                "add-learner",
                "--library",
                "../runbooks",
                "--address",
                address,
                "--set",
                "cluster=lab",
                "--set",
                "learner=node1",
                "--set",
                "from=master1",
                "--follow"))
        .contains("run completed");

    Writer writer = new Writer(lab);
    writer.start();
    writer.awaitWrites(200);
    for (String master : List.of("master1", "master2", "master3")) {
      lab.powerOff(master);
    }
    writer.stopped.set(true);
    writer.join(30_000);

    String[] failover = {
      "run",
      "failover-to-learner",
      "--library",
      "../runbooks",
      "--address",
      address,
      "--set",
      "cluster=lab",
      "--set",
      "learner=node1",
      "--set",
      "survivors=node1,node2",
      "--set",
      "lost=master1,master2,master3"
    };
    // Alerting starts it, knowing only the cluster and the learner (EtcdQuorumLost's labels).
    assertThat(fireQuorumLost(API_HOST + ":" + apiPort, token))
        .contains("\"outcome\":\"started\"", "\"workflowId\":\"failover-to-learner/lab\"");
    TemporalOptions options = new TemporalOptions();
    options.address = address;
    options.namespace = "default";
    try (TemporalConnection connection = TemporalConnection.open(options)) {
      WorkflowStub run = connection.client().newUntypedWorkflowStub("failover-to-learner/lab");
      awaitStep(run, "go", Set.of(StepState.WAITING_FOR_APPROVAL));
      assertThat(CliRun.succeeding("status", "failover-to-learner/lab", "--address", address))
          .as("the nodes to stop and to drop come from the inventory's sites")
          .contains(
              "kube-apiserver stops on [\"node1\",\"node2\"]; cluster.yml drops"
                  + " [\"master1\",\"master2\",\"master3\"]");
      assertThat(CliRun.succeeding(failover))
          .as("a second start while it runs attaches to it")
          .startsWith("attached to the running failover-to-learner as failover-to-learner/lab");
      assertThat(
              CliRun.succeeding(
                  "approve", "failover-to-learner/lab", "--address", address, "--by", "sre"))
          .contains("approved `go`");

      awaitStep(run, "copy", Set.of(StepState.RUNNING, StepState.DONE));
      first.kill();
      EtcdDrProcess second = EtcdDrProcess.start(log, worker);
      awaitStep(run, "restore", Set.of(StepState.RUNNING, StepState.DONE));
      second.kill();
      try (EtcdDrProcess third = EtcdDrProcess.start(log, worker)) {
        RunResult result = run.getResult(5, TimeUnit.MINUTES, RunResult.class);

        @SuppressWarnings("unchecked")
        Map<String, Object> verified = (Map<String, Object>) result.outputs().get("verify");
        long restoredRevision = ((Number) verified.get("revision")).longValue();
        try (Client restored = writer.client(List.of("https://" + NODE1 + ":2379"))) {
          Map<String, Long> acknowledged = writer.acknowledged;
          long applied =
              acknowledged.entrySet().stream()
                  .filter(e -> e.getValue() <= restoredRevision)
                  .filter(e -> get(restored, e.getKey()) != null)
                  .count();
          long due = acknowledged.values().stream().filter(r -> r <= restoredRevision).count();
          assertThat(applied).as("writes at or below the learner's last revision").isEqualTo(due);
          assertThat(due)
              .as("RPO: writes lost with site A")
              .isGreaterThan(acknowledged.size() - 50L);
          assertThat(
                  restored.getClusterClient().listMember().get(10, TimeUnit.SECONDS).getMembers())
              .singleElement()
              .satisfies(m -> assertThat(m.isLearner()).isFalse());
          // The kube-apiserver stand-in on node1 now renews its lease in the new cluster.
          String lease = "/registry/leases/kube-system/kube-apiserver-" + NODE1;
          long before = modRevision(restored, lease);
          Thread.sleep(5_000);
          assertThat(modRevision(restored, lease)).isGreaterThan(before);
        }
      }
    }

    Path rkeDir = lab.layout().root("node1").resolve("etc/rke");
    JsonNode yml =
        new ObjectMapper(new YAMLFactory()).readTree(rkeDir.resolve("cluster.yml").toFile());
    assertThat(yml.path("services").path("etcd").path("external_urls").toString())
        .isEqualTo("[\"https://" + NODE1 + ":2379\"]");
    assertThat(yml.path("services").path("etcd").path("path").asText()).isEqualTo("/registry");
    assertThat(yml.path("nodes").findValuesAsText("hostname_override"))
        .containsExactly("node1", "node2");
    assertThat(yml.path("nodes").toString()).doesNotContain("\"etcd\"");
    try (var files = Files.list(rkeDir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .anyMatch(n -> n.startsWith("cluster.yml.etcd-dr-backup-"));
    }
  }

  /** Writes Kubernetes-shaped keys through the masters, recording each acknowledged revision. */
  private static final class Writer extends Thread {
    final Map<String, Long> acknowledged = new ConcurrentHashMap<>();
    final AtomicBoolean stopped = new AtomicBoolean();
    private final Lab lab;

    Writer(Lab lab) {
      this.lab = lab;
      setDaemon(true);
    }

    Client client(List<String> endpoints) throws Exception {
      LabLayout l = lab.layout();
      return EtcdClients.connect(
          endpoints, new EtcdTls(l.workerCert("ca"), l.workerCert("cert"), l.workerCert("key")));
    }

    @Override
    public void run() {
      List<String> masters =
          lab.nodes().stream()
              .filter(LabNode::etcd)
              .map(n -> "https://" + n.address() + ":2379")
              .toList();
      try (Client client = client(masters)) {
        for (int i = 0; !stopped.get(); i++) {
          String key = "/registry/configmaps/default/writer-" + i;
          try {
            long revision =
                client
                    .getKVClient()
                    .put(bytes(key), bytes("v" + i))
                    .get(2, TimeUnit.SECONDS)
                    .getHeader()
                    .getRevision();
            acknowledged.put(key, revision);
          } catch (Exception unacknowledged) {
            // Site A is gone: this write was never acknowledged, so nothing is promised for it.
          }
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }

    void awaitWrites(int count) throws InterruptedException {
      while (acknowledged.size() < count) {
        Thread.sleep(50);
      }
    }
  }

  private static String get(Client client, String key) {
    try {
      var kvs = client.getKVClient().get(bytes(key)).get(10, TimeUnit.SECONDS).getKvs();
      return kvs.isEmpty() ? null : kvs.get(0).getValue().toString(StandardCharsets.UTF_8);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static long modRevision(Client client, String key) throws Exception {
    var kvs =
        client.getKVClient().get(bytes(key), GetOption.DEFAULT).get(10, TimeUnit.SECONDS).getKvs();
    return kvs.isEmpty() ? 0 : kvs.get(0).getModRevision();
  }

  private static ByteSequence bytes(String s) {
    return ByteSequence.from(s, StandardCharsets.UTF_8);
  }

  private static void awaitStep(WorkflowStub run, String step, Set<StepState> states)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        RunStatus status = run.query("status", RunStatus.class);
        if (status.steps().stream()
            .anyMatch(s -> s.id().equals(step) && states.contains(s.state()))) {
          return;
        }
      } catch (RuntimeException noWorkerYet) {
        // a new worker is still starting
      }
      Thread.sleep(50);
    }
    throw new AssertionError("step " + step + " never reached " + states);
  }

  /** Posts EtcdQuorumLost for the lab as Alertmanager would; the API's answer. */
  private static String fireQuorumLost(String api, String token) throws Exception {
    String body =
        "{\"version\":\"4\",\"status\":\"firing\",\"receiver\":\"etcd-dr\",\"alerts\":[{\"status\":"
            + "\"firing\",\"labels\":{\"alertname\":\"EtcdQuorumLost\",\"severity\":\"critical\","
            + "\"cluster\":\"lab\",\"learner\":\"node1\"},\"annotations\":{},"
            + "\"startsAt\":\"2026-11-25T07:00:00Z\"}]}";
    var response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://" + api + "/v1/alerts/alertmanager"))
                    .header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    return response.body();
  }
}
