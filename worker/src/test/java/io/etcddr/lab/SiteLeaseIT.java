package io.etcddr.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.command.InspectContainerResponse;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.options.GetOption;
import io.etcddr.activities.docker.DockerEngine;
import io.etcddr.activities.fence.LeaseNote;
import io.etcddr.activities.host.AgentPaths;
import io.etcddr.cli.CliRun;
import io.etcddr.engine.RunResult;
import io.etcddr.engine.StepState;
import io.etcddr.process.CuttableProxy;
import io.etcddr.process.EtcdDrProcess;
import io.etcddr.process.FreePort;
import io.temporal.client.WorkflowStub;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The site lease on the lab, with no failover: what site A does when its links fail in every way
 * but the one that calls for a failover. A client inside site A writes all along. A blip shorter
 * than T_fence stops nothing; a longer cut from everything stops site A, which comes back by itself
 * once the link is back and loses nothing; a cut from the witness alone, or from site B alone,
 * fences nobody, and a failover then refuses; Temporal gone for three minutes fences nobody,
 * refuses no write, and a run resumes. One lab for all, healed after each.
 */
@OnTheLab
@LongScenario
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SiteLeaseIT {

  private static final long T_FENCE = 15_000;
  private static final List<String> SITE_A = List.of("master1", "master2", "master3");

  private static LabFixture fixture;
  private static EtcdDrProcess worker;

  @BeforeAll
  static void up() throws Exception {
    fixture = LabFixture.up();
    worker = fixture.worker();
    assertThat(fixture.addLearnerOnNode1()).contains("run completed");
    awaitSiteAGuarded();
  }

  @AfterAll
  static void down() throws Exception {
    try {
      if (worker != null) {
        worker.close();
      }
    } finally {
      if (fixture != null) {
        fixture.close();
      }
    }
  }

  @AfterEach
  void heal() {
    fixture.lab.network().heal();
  }

  @Test
  @Order(1)
  void aBlipShorterThanTheLeaseStopsNothing() throws Exception {
    Map<String, String> started = etcdStartedAt();
    try (SiteWriter writer = writer("/registry/blip/")) {
      fixture.lab.network().partition("A", null, fixture.lab.nodes());
      long cut = System.currentTimeMillis();
      Thread.sleep(T_FENCE / 3);
      fixture.lab.network().heal();
      assertThat(writer.ackedSince(cut)).as("site A writes on, cut off for 5 s").isPositive();
      Thread.sleep(T_FENCE + 3_000);
      assertThat(etcdStartedAt()).as("no etcd of site A was stopped").isEqualTo(started);
      assertThat(selfFenced()).isEmpty();
    }
  }

  @Test
  @Order(2)
  void aLongerCutStopsSiteAWhichComesBackByItselfLosingNothing() throws Exception {
    try (SiteWriter writer = writer("/registry/long-cut/")) {
      fixture.lab.network().partition("A", null, fixture.lab.nodes());
      long cut = System.currentTimeMillis();
      awaitEtcdRunning(SITE_A, false, T_FENCE + 15_000);
      long stoppedAfter = System.currentTimeMillis() - cut;
      assertThat(selfFenced()).containsExactlyInAnyOrderElementsOf(SITE_A);
      SiteWriter.Ack last = writer.last();
      assertThat(last.at() - cut).isLessThanOrEqualTo(T_FENCE + 5_000);

      long healed = System.currentTimeMillis();
      fixture.lab.network().heal();
      awaitEtcdRunning(SITE_A, true, 60_000);
      writer.awaitAcks(writer.acked().size() + 10, 60_000);
      System.out.printf(
          "site lease: site A stopped %d ms after the cut; back by itself %d ms after the heal%n",
          stoppedAfter, System.currentTimeMillis() - healed);
      assertThat(selfFenced()).isEmpty();
      assertEveryAcknowledgedWriteIsThere(writer);
    }
  }

  /**
   * The kill matrix's self-fence cell: master1's agent SIGKILLed the moment its self-fence begins
   * (its record of the hold written, the containers not yet all stopped), then started again while
   * the cut lasts: it finishes the hold; after the heal every node of site A comes back with its
   * restart policies as they were, and no acknowledged write is lost.
   */
  @Test
  @Order(3)
  void anAgentKilledWhileItsNodeFencesItselfFinishesTheJobWhenItStartsAgain() throws Exception {
    try (SiteWriter writer = writer("/registry/killed-fence/")) {
      fixture.lab.network().partition("A", null, fixture.lab.nodes());
      java.nio.file.Path hold =
          fixture.lab.layout().root("master1").resolve("var/lib/etcd-dr/self-fence.json");
      long deadline = System.currentTimeMillis() + T_FENCE + 20_000;
      while (!Files.exists(hold)) {
        assertThat(System.currentTimeMillis())
            .as("master1 begins its self-fence")
            .isLessThan(deadline);
        Thread.sleep(20);
      }
      fixture.lab.killAgent("master1");
      boolean etcdStillRan = Boolean.TRUE.equals(etcd("master1").getState().getRunning());
      fixture.lab.startAgent("master1", fixture.address, Map.of());
      awaitEtcdRunning(SITE_A, false, 30_000);
      assertThat(etcd("master1").getHostConfig().getRestartPolicy().getName()).isEqualTo("no");
      System.out.printf(
          "site lease: master1's agent killed as its self-fence began (etcd still ran: %s);"
              + " the new agent finished it%n",
          etcdStillRan);

      fixture.lab.network().heal();
      awaitEtcdRunning(SITE_A, true, 60_000);
      for (String master : SITE_A) {
        assertThat(etcd(master).getHostConfig().getRestartPolicy().getName())
            .as(master + "'s restart policy, as before the fence")
            .isEqualTo("always");
      }
      writer.awaitAcks(writer.acked().size() + 10, 60_000);
      assertEveryAcknowledgedWriteIsThere(writer);
    }
  }

  @Test
  @Order(4)
  void aCutFromTheWitnessAloneFencesNobodyAndTheFailoverRefuses() throws Exception {
    Map<String, String> started = etcdStartedAt();
    try (SiteWriter writer = writer("/registry/witness-cut/")) {
      fixture.lab.network().partition("A", "witness", fixture.lab.nodes());
      long cut = System.currentTimeMillis();
      assertThat(failoverRefused("failover-witness-cut")).isTrue();
      assertThat(CliRun.of(fixture.args("status", "failover-witness-cut")).out())
          .contains("site A is alive (the learner follows leader")
          .contains("only the worker is cut off from it");
      Thread.sleep(Math.max(0, cut + T_FENCE + 5_000 - System.currentTimeMillis()));
      assertThat(writer.ackedSince(cut + T_FENCE)).as("site A writes on").isPositive();
      assertThat(etcdStartedAt()).isEqualTo(started);
      assertThat(selfFenced()).isEmpty();
    }
  }

  @Test
  @Order(5)
  void aCutFromSiteBAloneIsNoFailoverAndTheLearnersLagShows() throws Exception {
    Map<String, String> started = etcdStartedAt();
    try (SiteWriter writer = writer("/registry/b-cut/")) {
      fixture.lab.network().partition("A", "B", fixture.lab.nodes());
      long cut = System.currentTimeMillis();
      writer.awaitAcks(writer.acked().size() + 30, 60_000);
      assertThat(failoverRefused("failover-b-cut")).isTrue();
      assertThat(CliRun.of(fixture.args("status", "failover-b-cut")).out())
          .contains("still has quorum");
      long lag = fixture.health().learnerLag();
      System.out.printf(
          "site lease: cut from site B only, the learner is %d revisions behind%n", lag);
      assertThat(lag).as("the learner's lag, reported by status").isGreaterThanOrEqualTo(30);
      Thread.sleep(Math.max(0, cut + T_FENCE + 5_000 - System.currentTimeMillis()));
      assertThat(etcdStartedAt()).isEqualTo(started);
      assertThat(selfFenced()).isEmpty();
    }
  }

  @Test
  @Order(6)
  void temporalGoneForThreeMinutesFencesNobodyRefusesNoWriteAndARunResumes() throws Exception {
    int port = Integer.parseInt(fixture.address.substring(fixture.address.lastIndexOf(':') + 1));
    String witness = fixture.lab.network().witnessAddress();
    try (CuttableProxy temporal = new CuttableProxy(witness, FreePort.on(witness), port)) {
      for (LabNode node : fixture.lab.nodes()) {
        fixture.lab.stopAgent(node.name());
        fixture.lab.startAgent(node.name(), temporal.address(), Map.of());
      }
      worker.close();
      worker = fixture.workerAt(temporal.address(), Map.of());
      Map<String, String> started = etcdStartedAt();
      try (SiteWriter writer = writer("/registry/temporal-gone/")) {
        fixture.cli("run", "learner-drill", "--set", "cluster=lab", "--set", "learner=node1");
        WorkflowStub drill = fixture.temporal.client().newUntypedWorkflowStub("learner-drill/lab");
        // the worker behind the proxy has taken the run before Temporal goes
        RunSteps.await(drill, "learner", java.util.Set.of(StepState.RUNNING, StepState.DONE));
        temporal.cut();
        long cut = System.currentTimeMillis();
        Thread.sleep(180_000);
        int attempts = writer.attempts();
        long acked = writer.ackedSince(cut);
        temporal.restore();
        assertThat(etcdStartedAt()).as("no etcd stopped").isEqualTo(started);
        assertThat(selfFenced()).isEmpty();
        assertThat(acked).as("site A took writes all along").isGreaterThan(100);
        assertThat(attempts - writer.acked().size())
            .as("no write refused (the one in flight aside)")
            .isLessThanOrEqualTo(1);
        RunResult result = drill.getResult(5, TimeUnit.MINUTES, RunResult.class);
        assertThat(result.outputs()).containsKey("rpoRevisions");
      }
      for (LabNode node : fixture.lab.nodes()) {
        fixture.lab.stopAgent(node.name());
        fixture.lab.startAgent(node.name(), fixture.address, Map.of());
      }
      worker.close();
      worker = fixture.worker();
    }
  }

  /**
   * Starts failover-to-learner under {@code id} and waits, at most two minutes, for it to end; true
   * when it failed (refused). A run that waits for its approval instead fails the test.
   */
  private static boolean failoverRefused(String id) throws Exception {
    fixture.cli(
        "run", "failover-to-learner", "--set", "cluster=lab", "--set", "learner=node1", "--id", id);
    try {
      fixture
          .temporal
          .client()
          .newUntypedWorkflowStub(id)
          .getResult(2, TimeUnit.MINUTES, RunResult.class);
      return false;
    } catch (io.temporal.client.WorkflowFailedException refused) {
      return true;
    } catch (java.util.concurrent.TimeoutException waiting) {
      throw new AssertionError(
          id + " did not refuse: " + CliRun.of(fixture.args("status", id)).out());
    }
  }

  private static SiteWriter writer(String prefix) throws Exception {
    SiteWriter writer = SiteWriter.start(fixture, "master1", "A", prefix);
    writer.awaitAcks(10, 60_000);
    return writer;
  }

  private static void awaitSiteAGuarded() throws Exception {
    long deadline = System.currentTimeMillis() + 60_000;
    for (String master : SITE_A) {
      AgentPaths paths = new AgentPaths(fixture.lab.layout().root(master));
      while (!LeaseNote.read(paths, "lab").map(n -> n.voterSites().contains("A")).orElse(false)) {
        assertThat(System.currentTimeMillis()).as(master + " guards site A").isLessThan(deadline);
        Thread.sleep(500);
      }
    }
  }

  /** The nodes of site A whose agent holds a self-fence now. */
  private static List<String> selfFenced() {
    return SITE_A.stream()
        .filter(
            n ->
                Files.exists(
                    fixture.lab.layout().root(n).resolve("var/lib/etcd-dr/self-fence.json")))
        .toList();
  }

  /** When each etcd of site A last started: a stop and start changes it. */
  private static Map<String, String> etcdStartedAt() {
    Map<String, String> started = new HashMap<>();
    for (String master : SITE_A) {
      started.put(master, etcd(master).getState().getStartedAt());
    }
    return started;
  }

  private static InspectContainerResponse etcd(String node) {
    try (DockerEngine engine = DockerEngine.connect(fixture.lab.layout().docker(node).host())) {
      return engine.client().inspectContainerCmd("etcd").exec();
    }
  }

  private static void awaitEtcdRunning(List<String> nodes, boolean running, long timeoutMillis)
      throws Exception {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    for (String node : nodes) {
      while (!Boolean.valueOf(running).equals(etcd(node).getState().getRunning())) {
        assertThat(System.currentTimeMillis())
            .as("etcd on %s %s", node, running ? "runs again" : "stopped")
            .isLessThan(deadline);
        Thread.sleep(500);
      }
    }
  }

  private static void assertEveryAcknowledgedWriteIsThere(SiteWriter writer) throws Exception {
    List<SiteWriter.Ack> acknowledged = writer.acked(); // before the read: it writes on meanwhile
    List<String> members =
        fixture.lab.nodes().stream()
            .filter(LabNode::etcd)
            .map(n -> "https://" + n.address() + ":2379")
            .toList();
    try (Client client = fixture.etcdClient(members)) {
      var got =
          client
              .getKVClient()
              .get(bytes(writer.prefix), GetOption.newBuilder().isPrefix(true).build())
              .get(10, TimeUnit.SECONDS);
      List<String> keys = got.getKvs().stream().map(kv -> kv.getKey().toString()).toList();
      for (SiteWriter.Ack ack : acknowledged) {
        assertThat(keys)
            .as("acknowledged write %d", ack.number())
            .contains(writer.prefix + ack.number());
      }
    }
  }

  private static ByteSequence bytes(String text) {
    return ByteSequence.from(text, StandardCharsets.UTF_8);
  }
}
