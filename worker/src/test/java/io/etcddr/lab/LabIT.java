package io.etcddr.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.etcddr.contract.etcd.ClusterHealth;
import io.etcddr.process.EtcdDrProcess;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The lab as the demo and the drills use it, as one scenario on a loopback block of its own: up
 * with three TLS voters (a second up repairs nothing and breaks nothing), add-learner on node1
 * through the CLI and the lab's agent processes, a learner drill that reports and leaves no trace,
 * site A powered off, and a down that leaves nothing behind.
 */
@OnTheLab
@LongScenario
class LabIT {

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
  void upAddLearnerDrillPowerOffAndDown() throws Exception {
    Lab lab = fixture.lab;
    String node1 = lab.nodes().get(3).address();
    upGivesThreeTlsVotersWithTheApiserverStandInsWriting(lab);
    try (EtcdDrProcess worker = fixture.worker()) {
      addLearnerOnNode1(lab, node1);
      learnerDrillReportsAndLeavesNoTrace(lab, node1);
    }
    powerOffSiteALosesQuorumAndTheLearnerStillAnswers(lab, node1);
    downLeavesNoProcessMountOrFolder(lab);
  }

  private static void upGivesThreeTlsVotersWithTheApiserverStandInsWriting(Lab lab)
      throws Exception {
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

    lab.up(fixture.address, new PrintWriter(new StringWriter()));
    assertThat(lab.health(Duration.ofSeconds(3)).quorum()).isTrue();
  }

  private static void addLearnerOnNode1(Lab lab, String node1) {
    fixture.addLearnerOnNode1();

    ClusterHealth health = lab.health(Duration.ofSeconds(3));
    assertThat(health.learners()).hasSize(1);
    LabStatus.Row row = lab.status().get(3);
    assertThat(row.learner()).isTrue();
    assertThat(row.containers()).containsExactly("etcd=running", "kube-apiserver=running");
    // The learner's certificate was issued by cert.issue, its key made on node1 only.
    String dashed = node1.replace('.', '-');
    Path ssl = lab.layout().root("node1").resolve("etc/kubernetes/ssl");
    assertThat(ssl.resolve("kube-etcd-" + dashed + ".pem")).exists();
    assertThat(ssl.resolve("kube-etcd-" + dashed + "-key.pem")).exists();
    assertThat(
            lab.layout()
                .root("node2")
                .resolve("etc/kubernetes/ssl/kube-etcd-" + dashed + "-key.pem"))
        .doesNotExist();
  }

  private static void learnerDrillReportsAndLeavesNoTrace(Lab lab, String node1) throws Exception {
    LinkedBlockingQueue<String> reports = new LinkedBlockingQueue<>();
    HttpServer hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    hook.createContext(
        "/drill",
        exchange -> {
          reports.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    hook.start();
    try {
      fixture.cli(
          "run",
          "learner-drill",
          "--set",
          "cluster=lab",
          "--set",
          "learner=node1",
          "--set",
          "webhook=http://127.0.0.1:" + hook.getAddress().getPort() + "/drill",
          "--follow");
      assertThat(reports.poll(10, TimeUnit.SECONDS))
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
    try (Socket socket = new Socket()) {
      assertThatThrownBy(() -> socket.connect(new InetSocketAddress(node1, 12379), 1000))
          .isInstanceOf(IOException.class);
    }
  }

  private static void powerOffSiteALosesQuorumAndTheLearnerStillAnswers(Lab lab, String node1)
      throws Exception {
    fixture.powerOff("master1", "master2", "master3");

    ClusterHealth health = lab.health(Duration.ofSeconds(3));
    assertThat(health.quorum()).isFalse();
    assertThat(health.reachable()).containsExactly("https://" + node1 + ":2379");
    assertThat(HostProcesses.treesMentioning(lab.layout().root("master1").getParent() + "/"))
        .as("nothing of master1 survives the power cut")
        .isEmpty();
  }

  private static void downLeavesNoProcessMountOrFolder(Lab lab) throws Exception {
    Path labDir = lab.layout().dir();
    lab.down();

    assertThat(labDir).doesNotExist();
    assertThat(HostProcesses.treesMentioning(labDir + "/")).isEmpty();
    assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(labDir.toString());
  }
}
