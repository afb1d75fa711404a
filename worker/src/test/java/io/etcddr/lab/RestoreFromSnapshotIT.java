package io.etcddr.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcddr.activities.etcd.EtcdClients;
import io.etcddr.activities.etcd.EtcdTls;
import io.etcddr.contract.etcd.ClusterHealth;
import io.etcddr.contract.etcd.EndpointStatus;
import io.etcddr.engine.RunResult;
import io.etcddr.engine.StepState;
import io.etcddr.process.EtcdDrProcess;
import io.etcddr.testing.Histories;
import io.etcddr.testing.S3ProxyServer;
import io.temporal.client.WorkflowStub;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The disaster a learner cannot cover, on the lab with a real S3 API server: with a writer running,
 * a snapshot goes to S3 encrypted; snapshot-drill restores it into a scratch etcd and reports; then
 * the bad change — a namespace's keys deleted under /registry. restore-from-snapshot (the worker
 * SIGKILLed mid-restore) brings them back on three healthy voters of one new cluster ID, the
 * apiserver stand-ins write to it, and every member's old data dir is kept. No history of these
 * runs holds the snapshot key or the store's secret.
 */
@OnTheLab
@LongScenario
class RestoreFromSnapshotIT {

  private static final List<String> MEMBERS = List.of("master1", "master2", "master3");
  private static final List<String> APISERVERS = List.of("master1", "master2", "master3", "node1");
  private static final String BUCKET = "etcd-dr";
  private static final String PROD = "/registry/configmaps/prod/";
  private static final ObjectMapper JSON = new ObjectMapper();

  private static LabFixture fixture;
  private static S3ProxyServer s3;

  @BeforeAll
  static void up() throws Exception {
    fixture = LabFixture.up();
    // on the witness link: the agents, each in its node's network, reach this machine there
    s3 = S3ProxyServer.start(fixture.lab.network().witnessAddress(), fixture.dir.resolve("s3"));
    s3.createBucket(BUCKET);
    s3.credentialsFile(fixture.lab.layout().dir()); // what each agent's --s3-credentials reads
  }

  @AfterAll
  static void down() throws Exception {
    try {
      if (s3 != null) {
        s3.close();
      }
    } finally {
      if (fixture != null) {
        fixture.close();
      }
    }
  }

  @Test
  void aBadChangeIsUndoneFromTheEncryptedSnapshotWithTheWorkerKilledMidRestore() throws Exception {
    Map<String, String> prod = new TreeMap<>();
    try (Client client = client();
        RegistryWriter writer = new RegistryWriter(client)) {
      for (int i = 0; i < 50; i++) {
        prod.put(PROD + "cm-" + i, "prod-config-" + i);
      }
      for (var entry : prod.entrySet()) {
        client.getKVClient().put(bytes(entry.getKey()), bytes(entry.getValue())).get();
      }
      writer.start();
      writer.awaitWrites(100);
      // The worker first: the cluster's record adopts its identity through it.
      EtcdDrProcess first = fixture.worker();
      String oldClusterId = fixture.health().clusterId();

      snapshotGoesToS3Encrypted();
      snapshotDrillReportsAndLeavesNoTrace();

      // The bad change: `kubectl delete namespace prod`, as etcd sees it.
      client.getKVClient().delete(bytes(PROD), DeleteOption.builder().isPrefix(true).build()).get();
      assertThat(count(client, PROD)).isZero();

      fixture.cli(
          "run",
          "restore-from-snapshot",
          "--set",
          "cluster=lab",
          "--set",
          "store=s3://" + BUCKET + "/lab",
          "--set",
          "storeEndpoint=" + s3.endpoint(),
          "--set",
          "apiservers=" + String.join(",", APISERVERS));
      WorkflowStub run =
          fixture.temporal.client().newUntypedWorkflowStub("restore-from-snapshot/lab");
      RunSteps.await(run, "go", Set.of(StepState.WAITING_FOR_APPROVAL));
      assertThat(fixture.cli("status", "restore-from-snapshot/lab"))
          .as("the approval says what is lost")
          .containsPattern("Restore lab from lab-\\S+\\.db\\.enc, taken 20\\S+ at revision \\d+\\?")
          .containsPattern("every change after the snapshot \\(\\d+ revisions\\) is lost")
          .contains("etcd stops on the members [\"master1\",\"master2\",\"master3\"]");
      fixture.approveAsTwoPeople("restore-from-snapshot/lab");

      RunSteps.await(run, "restore", Set.of(StepState.RUNNING, StepState.DONE));
      first.kill();
      try (EtcdDrProcess second = fixture.worker()) {
        run.getResult(5, TimeUnit.MINUTES, RunResult.class); // throws unless it succeeded
        assertTheNewClusterHoldsTheDeletedKeys(client, prod, oldClusterId);
        assertThat(writer.writesSince(Duration.ofSeconds(5)))
            .as("the writer writes to the new cluster")
            .isPositive();
      }
    }
    assertOldDataDirsKept();
    assertNoKeyMaterialInHistories();
  }

  /**
   * The CA key's copy away from the CA node: `ca-key backup` encrypts it on node2 (the lab's CA
   * node) into the store, `ca-key restore` puts it on node1, which then holds the very same key and
   * passes the CA check; neither the key nor its PEM is in any history or in the stored object.
   */
  @Test
  void theCaKeyComesBackOnAnotherNodeFromItsEncryptedCopy() throws Exception {
    Path ssl = Path.of("etc/kubernetes/ssl/kube-ca-key.pem");
    Path original = fixture.lab.layout().root("node2").resolve(ssl);
    Path restored = fixture.lab.layout().root("node1").resolve(ssl);
    assertThat(restored).as("node1 holds no CA key yet").doesNotExist();
    try (EtcdDrProcess worker = fixture.worker()) {
      List<String> store =
          List.of(
              "--cluster",
              "lab",
              "--store",
              "s3://" + BUCKET + "/ca",
              "--store-endpoint",
              s3.endpoint());
      List<String> backup = new ArrayList<>(List.of("ca-key", "backup"));
      backup.addAll(store);
      assertThat(fixture.cli(backup.toArray(String[]::new))).contains("run completed");
      List<String> restore = new ArrayList<>(List.of("ca-key", "restore", "--node", "node1"));
      restore.addAll(store);
      assertThat(fixture.cli(restore.toArray(String[]::new)))
          .contains("run completed")
          .contains("set spec.caNode: node1");
    }
    assertThat(Files.readString(restored)).isEqualTo(Files.readString(original));
    assertThat(Files.getPosixFilePermissions(restored))
        .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    String key = Files.readString(original);
    String body = key.lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();
    String histories =
        Histories.readable(fixture.temporal.client(), "ca-key-backup/lab", "ca-key-restore/lab");
    assertThat(histories).contains("cert.caKeyBackup").doesNotContain(body);
    try (var objects = Files.walk(s3.objectFile(BUCKET, "ca"))) {
      for (Path object : objects.filter(Files::isRegularFile).toList()) {
        assertThat(new String(Files.readAllBytes(object), StandardCharsets.ISO_8859_1))
            .doesNotContain("PRIVATE KEY")
            .doesNotContain(body);
      }
    }
  }

  private static void snapshotGoesToS3Encrypted() throws Exception {
    assertThat(
            fixture.cli(
                "run",
                "snapshot",
                "--set",
                "cluster=lab",
                "--set",
                "node=master1",
                "--set",
                "store=s3://" + BUCKET + "/lab",
                "--set",
                "storeEndpoint=" + s3.endpoint(),
                "--follow"))
        .contains("run completed");
    List<Path> objects;
    try (var files = Files.walk(s3.objectFile(BUCKET, "lab"))) {
      objects = files.filter(Files::isRegularFile).toList();
    }
    assertThat(objects).hasSize(1);
    byte[] stored = Files.readAllBytes(objects.get(0));
    assertThat(new String(stored, StandardCharsets.ISO_8859_1))
        .as("encrypted before it left the node: no key of the cluster is readable in it")
        .doesNotContain(PROD + "cm-1")
        .doesNotContain("/registry/");
  }

  private static void snapshotDrillReportsAndLeavesNoTrace() throws Exception {
    LinkedBlockingQueue<String> reports = new LinkedBlockingQueue<>();
    HttpServer hook = HttpServer.create(new InetSocketAddress(fixture.block.address(7), 0), 0);
    hook.createContext(
        "/drill",
        exchange -> {
          reports.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    hook.start();
    List<String> before = containers("master2");
    try {
      fixture.cli(
          "run",
          "snapshot-drill",
          "--set",
          "cluster=lab",
          "--set",
          "node=master2",
          "--set",
          "store=s3://" + BUCKET + "/lab",
          "--set",
          "storeEndpoint=" + s3.endpoint(),
          "--set",
          "webhook=http://"
              + fixture.block.address(7)
              + ":"
              + hook.getAddress().getPort()
              + "/drill",
          "--follow");
      JsonNode report = JSON.readTree(reports.poll(10, TimeUnit.SECONDS));
      assertThat(report.path("snapshot").asText()).matches("lab-\\S+\\.db\\.enc");
      assertThat(report.path("ageSeconds").asLong()).isBetween(0L, 600L);
      assertThat(report.path("restoreMillis").asLong()).isPositive();
      assertThat(report.path("bytes").asLong()).isPositive();
      assertThat(report.path("keys").asLong())
          .as("the 50 prod keys and the writer's, all under /registry")
          .isGreaterThanOrEqualTo(150);
      assertThat(report.path("revision").asLong()).isPositive();
    } finally {
      hook.stop(0);
    }
    assertThat(containers("master2")).as("no scratch container left").isEqualTo(before);
    try (var left = Files.list(fixture.lab.layout().root("master2").resolve("var/lib/etcd-dr"))) {
      assertThat(left.map(p -> p.getFileName().toString()))
          .noneMatch(n -> n.startsWith("snapshot-drill-"));
    }
  }

  /**
   * The prefix, read through a client that knew the old members: they were just stopped and started
   * again, and its connections come back on gRPC's reconnect backoff, which can outlast jetcd's
   * three quick retries. The cluster itself answered the run's verify step already.
   */
  private static io.etcd.jetcd.kv.GetResponse readAfterRestart(Client client) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      try {
        return client
            .getKVClient()
            .get(bytes(PROD), GetOption.builder().isPrefix(true).build())
            .get(10, TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException e) {
        if (!String.valueOf(e.getCause()).contains("UNAVAILABLE") || System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(1_000);
      }
    }
  }

  private static void assertTheNewClusterHoldsTheDeletedKeys(
      Client client, Map<String, String> prod, String oldClusterId) throws Exception {
    Map<String, String> back = new TreeMap<>();
    var response = readAfterRestart(client);
    var kvs = response.getKvs();
    kvs.forEach(
        kv ->
            back.put(
                kv.getKey().toString(StandardCharsets.UTF_8),
                kv.getValue().toString(StandardCharsets.UTF_8)));
    assertThat(back).isEqualTo(prod);
    // The keys keep their revisions; the store's revision jumped, so the next write's is new.
    assertThat(response.getHeader().getRevision())
        .as("etcdutl bumped the revision: no watcher sees one reused")
        .isGreaterThan(1_000_000_000L);

    ClusterHealth health = fixture.health();
    assertThat(health.quorum()).isTrue();
    assertThat(health.clusterId()).isNotEqualTo(oldClusterId);
    assertThat(health.generation()).isEqualTo(2);
    assertThat(health.foreign()).isEmpty();
    assertThat(health.members())
        .extracting(EndpointStatus::name)
        .containsExactlyInAnyOrder("etcd-master1", "etcd-master2", "etcd-master3");
    assertThat(health.members())
        .allMatch(m -> m.reachable() && !Boolean.TRUE.equals(m.isLearner()));
    for (String node : APISERVERS) {
      assertThat(containers(node)).contains("kube-apiserver=running");
    }
  }

  private static void assertOldDataDirsKept() throws Exception {
    for (String member : MEMBERS) {
      Path varLib = fixture.lab.layout().root(member).resolve("var/lib");
      List<Path> kept;
      try (var dirs = Files.list(varLib)) {
        kept =
            dirs.filter(d -> d.getFileName().toString().startsWith("etcd.pre-restore-"))
                .filter(Files::isDirectory) // beside it: the swap's journal, kept as a record
                .toList();
      }
      assertThat(kept).as("the old data dir of " + member).hasSize(1);
      assertThat(kept.get(0).resolve("member/snap/db")).isRegularFile();
    }
  }

  private static void assertNoKeyMaterialInHistories() throws Exception {
    String histories =
        Histories.readable(
            fixture.temporal.client(),
            "snapshot/lab",
            "snapshot-drill/lab",
            "restore-from-snapshot/lab");
    assertThat(histories).contains("store.fetch").contains("etcd.restoreMember");
    List<String> secrets = new ArrayList<>();
    JsonNode keyset = JSON.readTree(fixture.lab.layout().snapshotKeyset().toFile());
    keyset.path("key").forEach(k -> secrets.add(k.path("keyData").path("value").asText()));
    secrets.add(S3ProxyServer.SECRET_KEY);
    assertThat(secrets).allMatch(s -> s.length() >= 16);
    for (String secret : secrets) {
      assertThat(histories).doesNotContain(secret).doesNotContain(secret.substring(0, 16));
    }
  }

  private static List<String> containers(String node) {
    return fixture.lab.status().stream()
        .filter(row -> row.node().equals(node))
        .findFirst()
        .orElseThrow()
        .containers();
  }

  private static Client client() throws Exception {
    LabLayout l = fixture.lab.layout();
    List<String> members =
        fixture.lab.nodes().stream()
            .filter(LabNode::etcd)
            .map(n -> "https://" + n.address() + ":2379")
            .toList();
    return EtcdClients.connect(
        members, new EtcdTls(l.workerCert("ca"), l.workerCert("cert"), l.workerCert("key")));
  }

  private static long count(Client client, String prefix) throws Exception {
    return client
        .getKVClient()
        .get(bytes(prefix), GetOption.builder().isPrefix(true).withCountOnly(true).build())
        .get(10, TimeUnit.SECONDS)
        .getCount();
  }

  private static ByteSequence bytes(String s) {
    return ByteSequence.from(s, StandardCharsets.UTF_8);
  }
}
