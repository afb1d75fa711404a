package io.etcddr.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.etcddr.contract.cluster.ClusterRecord;
import io.etcddr.contract.cluster.FenceOrder;
import io.etcddr.contract.etcd.ClusterHealth;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The day after a failover on the lab: the lost site's power comes back while something keeps
 * trying to write to its old members. Its nodes are fenced before their engines start, so the old
 * cluster takes no write, their data dirs are kept aside, only the new generation answers, and runs
 * use it without anyone touching the inventory.
 */
final class SiteAPowersOnAgain {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final LabFixture fixture;
  private final List<String> siteA;
  private final String node1;

  SiteAPowersOnAgain(LabFixture fixture, List<String> siteA, String node1) {
    this.fixture = fixture;
    this.siteA = siteA;
    this.node1 = node1;
  }

  /**
   * Site A's power comes back while something keeps trying to write to its old etcd members: the
   * fence orders reach the nodes before their engines start, so not one write is taken.
   */
  void isFencedBeforeItsEnginesAndTakesNoWrite() throws Exception {
    OldMemberWriter old = new OldMemberWriter(fixture.lab);
    old.start();
    try {
      fixture.powerOn(siteA.toArray(String[]::new));
      awaitFenced();
      // The old writer goes on through the checks: by their end, and at least 5 s after the last
      // fence, the engines would have restarted the old members.
      long fencedAt = System.currentTimeMillis();
      fencedBeforeTheirEnginesAndGeneration2Serves();
      Thread.sleep(Math.max(0, fencedAt + 5_000 - System.currentTimeMillis()));
    } finally {
      old.stopWriting();
    }
    assertThat(old.acknowledged.get()).as("writes the old cluster took after power-on").isZero();
  }

  private void fencedBeforeTheirEnginesAndGeneration2Serves() throws Exception {
    ClusterRecord record = fixture.record().orElseThrow();
    assertThat(record.current().orElseThrow().number()).isEqualTo(2);
    assertThat(record.fences())
        .allSatisfy(
            f -> {
              assertThat(f.state()).isEqualTo(FenceOrder.State.FENCED);
              assertThat(f.report().beforeEngine())
                  .as(f.node() + " fenced before its engine")
                  .isTrue();
              assertThat(f.report().windowMillis()).as(f.node() + " window").isZero();
            });
    for (String master : siteA) {
      Path lib = fixture.lab.layout().root(master).resolve("var/lib");
      assertThat(lib.resolve("etcd")).as("the fence note where the data dir was").isRegularFile();
      try (var kept = Files.list(lib)) {
        assertThat(kept.filter(p -> p.getFileName().toString().startsWith("etcd.fenced-")))
            .singleElement()
            .satisfies(aside -> assertThat(aside.resolve("member/snap/db")).exists());
      }
    }
    ClusterHealth health = fixture.health();
    assertThat(health.generation()).isEqualTo(2);
    assertThat(health.splitBrain()).isFalse();
    assertThat(health.foreign()).isEmpty();
    assertThat(health.reachable()).containsExactly("https://" + node1 + ":2379");
    assertThat(fixture.cli("cluster", "status", "lab"))
        .contains("2 (current)")
        .contains("0 ms (fenced before its engine started)");
    JsonNode status = JSON.readTree(fixture.cli("cluster", "status", "lab", "--json"));
    assertThat(status.get("fenced").toString()).isEqualTo("[\"master1\",\"master2\",\"master3\"]");
    assertThat(status.at("/earlierGenerations/0/number").asInt()).isEqualTo(1);

    fixture.cli("run", "snapshot", "--set", "cluster=lab", "--set", "node=node2", "--follow");
    assertRanOnGeneration2("snapshot/lab", health.clusterId());
    fixture.cli(
        "run", "learner-drill", "--set", "cluster=lab", "--set", "learner=node1", "--follow");
    assertRanOnGeneration2("learner-drill/lab", health.clusterId());
  }

  private void assertRanOnGeneration2(String id, String clusterId) throws Exception {
    JsonNode run = JSON.readTree(fixture.cli("status", id, "--json"));
    JsonNode status = run.at("/status/steps/0/outputs");
    assertThat(status.get("generation").asInt()).as(id).isEqualTo(2);
    assertThat(status.get("clusterId").asText()).as(id).isEqualTo(clusterId);
    assertThat(status.get("splitBrain").asBoolean()).as(id).isFalse();
  }

  private void awaitFenced() throws Exception {
    List<FenceOrder> fences = List.of();
    try {
      for (int i = 0; i < 300; i++) {
        fences = fixture.record().map(ClusterRecord::fences).orElse(List.of());
        if (fences.size() == siteA.size()
            && fences.stream().allMatch(f -> f.state() == FenceOrder.State.FENCED)) {
          return;
        }
        Thread.sleep(500);
      }
    } catch (RuntimeException recordSilent) {
      throw new AssertionError("site A's record stopped answering" + logs(), recordSilent);
    }
    throw new AssertionError("site A was never fenced: " + fences + logs());
  }

  /** What each node's boot check and agent did, and the worker's warnings (it runs the record). */
  private String logs() throws Exception {
    StringBuilder logs = new StringBuilder();
    for (String master : siteA) {
      logs.append("\n--- ").append(master).append("'s agent log, last lines:\n");
      LogTail.lastLines(fixture.lab.layout().agentLog(master), 40)
          .forEach(l -> logs.append(l).append('\n'));
    }
    logs.append("\n--- the worker's last warnings and errors:\n");
    List<String> warnings =
        LogTail.lastLines(fixture.dir.resolve("processes.log"), Integer.MAX_VALUE).stream()
            .filter(l -> l.contains(" WARN ") || l.contains(" ERROR ") || l.startsWith("io.grpc"))
            .toList();
    warnings
        .subList(Math.max(0, warnings.size() - 40), warnings.size())
        .forEach(l -> logs.append(l).append('\n'));
    return logs.toString();
  }
}
