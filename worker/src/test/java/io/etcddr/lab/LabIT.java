package io.etcddr.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.etcddr.activities.AgentEnvironment;
import io.etcddr.activities.etcd.ClusterHealth;
import io.etcddr.activities.host.HostTools;
import io.etcddr.cli.CliRun;
import io.etcddr.connect.TemporalConnection;
import io.etcddr.connect.TemporalOptions;
import io.etcddr.process.FreePort;
import io.etcddr.process.SearchAttributeRegistration;
import io.etcddr.process.TemporalTestServer;
import io.etcddr.process.WorkerProcess;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The lab as the demo and the drills use it, on addresses of its own (127.0.0.185–189): up with
 * three TLS voters, add-learner on node1 through the CLI and the lab's agent processes, site A
 * powered off, and a down that leaves nothing behind.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LabIT {

  private static final String FIRST_ADDRESS = "127.0.0.185";

  private static Path dir;
  private static Lab lab;
  private static TemporalTestServer server;
  private static TemporalConnection connection;
  private static WorkerProcess worker;
  private static String address;

  @BeforeAll
  static void up() throws Exception {
    assumeTrue(
        "root".equals(System.getProperty("user.name"))
            && Files.isExecutable(Path.of("/usr/sbin/dockerd"))
            && Files.isExecutable(Path.of("/usr/bin/etcd")),
        "LAB TESTS SKIPPED: they need root, dockerd and etcd (bin/setup installs them)");
    dir = Files.createTempDirectory("etcd-dr-lab-it");
    int port = FreePort.on("127.0.0.1");
    address = "127.0.0.1:" + port;
    server = TemporalTestServer.start(port, dir.resolve("server.log"));
    SearchAttributeRegistration.register(address, "default");
    lab = new Lab(dir.resolve("lab"), LabNode.standardLayout(FIRST_ADDRESS));
    StringWriter printed = new StringWriter();
    lab.up(address, new PrintWriter(printed));
    System.out.print(printed);
    TemporalOptions options = new TemporalOptions();
    options.address = address;
    options.namespace = "default";
    connection = TemporalConnection.open(options);
    worker =
        WorkerProcess.start(
            connection.client(),
            true,
            List.of(),
            Path.of("..", "runbooks"),
            lab.layout().clusters(),
            AgentEnvironment.host());
  }

  @AfterAll
  static void down() throws Exception {
    if (worker != null) {
      worker.close();
    }
    if (connection != null) {
      connection.close();
    }
    if (lab != null) {
      lab.down();
    }
    if (server != null) {
      server.close();
    }
    if (dir != null) {
      HostTools.deleteTree(dir);
    }
  }

  @Test
  @Order(1)
  void upGivesThreeTlsVotersWithTheApiserverStandInsWriting() throws Exception {
    ClusterHealth health = lab.health(Duration.ofSeconds(3));
    assertThat(health.quorum()).isTrue();
    assertThat(health.reachable()).hasSize(3);
    assertThat(health.learners()).isEmpty();
    List<LabStatus.Row> rows = lab.status();
    assertThat(rows)
        .extracting(LabStatus.Row::node)
        .containsExactly("master1", "master2", "master3", "node1", "node2");
    assertThat(rows).allSatisfy(r -> assertThat(r.engine()).isTrue());
    assertThat(rows).allSatisfy(r -> assertThat(r.agent()).isTrue());
    assertThat(rows.get(0).containers()).containsExactly("etcd=running", "kube-apiserver=running");

    // A second `up` repairs nothing and breaks nothing.
    lab.up(address, new PrintWriter(new StringWriter()));
    assertThat(lab.health(Duration.ofSeconds(3)).quorum()).isTrue();
  }

  @Test
  @Order(2)
  void addLearnerOnNode1WorksWithTheCli() {
    CliRun.succeeding(
        "run",
        "add-learner",
        "--address",
        address,
        "--library",
        "../runbooks",
        "--set",
        "cluster=lab",
        "--set",
        "learner=node1",
        "--set",
        "from=master1",
        "--follow");

    ClusterHealth health = lab.health(Duration.ofSeconds(3));
    assertThat(health.learners()).hasSize(1);
    LabStatus.Row node1 = lab.status().get(3);
    assertThat(node1.learner()).isTrue();
    assertThat(node1.containers()).containsExactly("etcd=running", "kube-apiserver=running");
    // The learner's certificate was issued by cert.issue, its key made on node1 only.
    Path ssl = lab.layout().root("node1").resolve("etc/kubernetes/ssl");
    assertThat(ssl.resolve("kube-etcd-127-0-0-188.pem")).exists();
    assertThat(ssl.resolve("kube-etcd-127-0-0-188-key.pem")).exists();
    assertThat(
            lab.layout().root("node2").resolve("etc/kubernetes/ssl/kube-etcd-127-0-0-188-key.pem"))
        .doesNotExist();
  }

  @Test
  @Order(3)
  void learnerDrillReportsRpoAndRestoreTimeAndLeavesNoTrace() throws Exception {
    var reports = new java.util.concurrent.LinkedBlockingQueue<String>();
    var hook =
        com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    hook.createContext(
        "/drill",
        exchange -> {
          reports.add(
              new String(
                  exchange.getRequestBody().readAllBytes(),
                  java.nio.charset.StandardCharsets.UTF_8));
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    hook.start();
    try {
      CliRun.succeeding(
          "run",
          "learner-drill",
          "--address",
          address,
          "--library",
          "../runbooks",
          "--set",
          "cluster=lab",
          "--set",
          "learner=node1",
          "--set",
          "webhook=http://127.0.0.1:" + hook.getAddress().getPort() + "/drill",
          "--follow");
      String report = reports.poll(10, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(report)
          .contains("\"rpoRevisions\"")
          .contains("\"restoreMillis\"")
          .contains("\"revision\"");
    } finally {
      hook.stop(0);
    }
    // No trace: no scratch container, no scratch folder, nothing listening on the scratch port.
    assertThat(lab.status().get(3).containers())
        .containsExactly("etcd=running", "kube-apiserver=running");
    try (var left = Files.list(lab.layout().root("node1").resolve("var/lib/etcd-dr"))) {
      assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("drill-"));
    }
    try (var socket = new java.net.Socket()) {
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> socket.connect(new java.net.InetSocketAddress("127.0.0.188", 12379), 1000))
          .isInstanceOf(java.io.IOException.class);
    }
  }

  @Test
  @Order(4)
  void powerOffSiteALosesQuorumAndTheLearnerStillAnswers() {
    for (String master : List.of("master1", "master2", "master3")) {
      lab.powerOff(master);
    }

    ClusterHealth health = lab.health(Duration.ofSeconds(3));
    assertThat(health.quorum()).isFalse();
    assertThat(health.reachable()).containsExactly("https://127.0.0.188:2379");
    assertThat(HostProcesses.treesMentioning(lab.layout().root("master1").getParent() + "/"))
        .as("nothing of master1 survives the power cut")
        .isEmpty();
  }

  @Test
  @Order(5)
  void downLeavesNoProcessMountOrFolder() throws Exception {
    Path labDir = lab.layout().dir();
    lab.down();

    assertThat(labDir).doesNotExist();
    assertThat(HostProcesses.treesMentioning(labDir + "/")).isEmpty();
    assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(labDir.toString());
    lab = null;
  }
}
