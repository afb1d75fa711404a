package io.etcddr.lab;

import static io.etcddr.lab.LabFixture.SITE_A;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.Container;
import io.etcddr.activities.docker.DockerEngine;
import io.etcddr.activities.etcd.ClusterHealth;
import io.etcddr.cli.CliRun;
import io.etcddr.cluster.ClusterRecord;
import io.etcddr.process.EtcdDrProcess;
import java.io.IOException;
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
class DryRunIT {

  private static final String STORE = "store=file:///var/backups/etcd-dr";

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
    try (EtcdDrProcess worker = fixture.worker()) {
      assertThat(fixture.addLearnerOnNode1()).contains("run completed");
      pauseWriters(true); // the stand-ins' writes would move the revision under the comparison
      try {
        Snapshot before = Snapshot.take();
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
      ClusterRecord record) {

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
          containers, files, members, health.revision(), fixture.record().orElseThrow());
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

    void assertSameAs(Snapshot after) {
      assertThat(after.containers()).as("containers").isEqualTo(containers);
      assertThat(after.files()).as("files under the nodes' roots").isEqualTo(files);
      assertThat(after.members()).as("etcd members").isEqualTo(members);
      assertThat(after.revision()).as("etcd revision").isEqualTo(revision);
      assertThat(after.record().generations()).as("generations").isEqualTo(record.generations());
      assertThat(after.record().fences()).as("fence orders").isEqualTo(record.fences());
      assertThat(after.record().incidents()).as("incidents").isEqualTo(record.incidents());
      assertThat(after.record().lastDrill()).as("last drill").isEqualTo(record.lastDrill());
      assertThat(after.record().nodeReports()).as("node reports").isEqualTo(record.nodeReports());
      assertThat(after.record().releases()).as("releases").isEqualTo(record.releases());
    }
  }
}
