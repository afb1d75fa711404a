package io.etcddr.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.exception.NotFoundException;
import io.etcd.jetcd.Client;
import io.etcddr.activities.docker.DockerEngine;
import io.etcddr.engine.RunResult;
import io.etcddr.engine.RunStatus;
import io.etcddr.engine.RunbookWorkflow;
import io.etcddr.engine.StepState;
import io.etcddr.engine.StepStatus;
import io.etcddr.process.FreePort;
import io.temporal.client.WorkflowStub;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The RTO and RPO benchmark (bench/rto; bin/test-full runs it at its smoke size):
 * failover-to-learner from the saved power cut of site A, started by EtcdQuorumLost on the webhook
 * and approved the moment it asks, timed from the webhook call to the restored etcd's first
 * linearizable write; beside it, from the same saved state, the same work with the raw commands
 * ({@link RawFailover}), once with the same safety steps and once without. etcd-dr runs with site
 * A's lease long run out (an alert that waited its `for:`), and once more with site A last heard at
 * the webhook (what the lease adds to a failover started the instant of the cut). Prints the
 * ratios, the overhead, and each step; writes worker/target/rto.md. Asserts that both paths work
 * and that nothing the learner had applied was lost, never how long anything took. {@code
 * -Dbench.sticky=on} runs the worker with runs cached between workflow tasks, as on a Temporal
 * server, where the test server's default replays every task.
 */
@OnTheLab
@LongScenario
@ExtendWith(SiteLossLab.Shared.class)
class RecoveryTimeBenchIT {

  private static final String RUN = "failover-to-learner/lab";

  @Test
  void failoverToTheLearnerAgainstTheRawCommands(SiteLossLab site) throws Exception {
    int repeat = Integer.getInteger("bench.repeat", 1);
    boolean withLease = Boolean.parseBoolean(System.getProperty("bench.lease", "true"));
    // on: the worker keeps runs cached as on a Temporal server; else it replays, as the test server
    // makes it (StickyExecution)
    boolean sticky = System.getProperty("bench.sticky", "auto").equals("on");
    Map<String, String> worker = sticky ? Map.of("ETCD_DR_STICKY", "on") : Map.of();
    RecoveryReport.Runs runs = new RecoveryReport.Runs(site.dbMiB, sticky);
    for (int i = 0; i < repeat; i++) {
      runs.etcdDr().add(etcdDr(site, false, worker));
      if (withLease) {
        runs.etcdDrLeaseFromNow().add(etcdDr(site, true, worker));
      }
      try (SiteLossLab.Replay replay = site.replay(node -> Map.of())) {
        runs.rawSameSafety().add(RawFailover.sameSafety(site.fixture.lab, "node1").run());
      }
      try (SiteLossLab.Replay replay = site.replay(node -> Map.of())) {
        runs.rawNaive().add(RawFailover.naive(site.fixture.lab, "node1").run());
      }
    }
    String report = RecoveryReport.of(runs);
    System.out.println(report);
    Files.writeString(Path.of("target", "rto.md"), report);

    for (EtcdDrFailover run : runs.allEtcdDr()) {
      assertThat(run.steps()).extracting(StepStatus::state).doesNotContain(StepState.FAILED);
      assertThat(run.rpo().appliedMissing()).as("writes the learner had applied, lost").isZero();
    }
    assertThat(runs.allRaw()).allSatisfy(r -> assertThat(r).containsKey(RawFailover.FIRST_PUT));
  }

  /**
   * What the etcd-dr side measured, in seconds from the webhook call: the RTO, when etcd ran on the
   * restored data, the approval, the run's steps; and what the failover lost.
   */
  record EtcdDrFailover(
      long webhookAtMillis,
      double rtoSeconds,
      double etcdStartedSeconds,
      double approvalAtSeconds,
      List<StepStatus> steps,
      RpoWriter.Rpo rpo) {}

  /**
   * @param leaseFromNow site A's agents last heard at the moment the webhook fires: the run waits
   *     their lease out; otherwise the lease has long run out, as after an alert's usual `for: 1m`
   */
  private static EtcdDrFailover etcdDr(
      SiteLossLab site, boolean leaseFromNow, Map<String, String> workerEnvironment)
      throws Exception {
    LabFixture fixture = site.fixture;
    String host = fixture.apiHost();
    String api = host + ":" + FreePort.on(host);
    Path token =
        Files.writeString(fixture.dir.resolve("bench-token"), "bench-" + System.nanoTime());
    try (SiteLossLab.Replay replay =
            site.replay(
                node -> node.equals("worker") ? workerEnvironment : Map.of(),
                leaseFromNow,
                "--http",
                api,
                "--api-token-file",
                token.toString());
        FirstWrite firstWrite = FirstWrite.watch(fixture, "node1", site.node1Url())) {
      replay.awaitPolling();
      warmUp(fixture, api, Files.readString(token));
      long t0 = System.nanoTime();
      long webhookAt = System.currentTimeMillis();
      fireQuorumLost(api, Files.readString(token));
      WorkflowStub run = fixture.temporal.client().newUntypedWorkflowStub(RUN);
      approveWhenAsked(fixture, run);
      double approvedAt = (System.nanoTime() - t0) / 1e9;
      double rto = (firstWrite.await(TimeUnit.MINUTES.toNanos(5)) - t0) / 1e9;
      RunResult result = run.getResult(5, TimeUnit.MINUTES, RunResult.class);
      RunStatus status = run.query(RunbookWorkflow.QUERY_STATUS, RunStatus.class);
      long fromRevision =
          number(result, "verify", "revision") - number(result, "restore", "revisionBump");
      try (Client client = fixture.etcdClient(List.of(site.node1Url()))) {
        StepStatus started =
            status.steps().stream()
                .filter(st -> st.id().equals("start-etcd"))
                .findFirst()
                .orElseThrow();
        return new EtcdDrFailover(
            webhookAt,
            rto,
            (started.endedAt() - webhookAt) / 1000.0,
            approvedAt,
            status.steps(),
            site.acknowledged.lostIn(client, fromRevision));
      }
    }
  }

  /**
   * Worker and agents as they are on real nodes, where they have run for days: a run that reaches
   * etcd from the worker and Docker from both agents, and an alert no runbook matches, so that no
   * class is loaded for the first time while the failover is timed.
   */
  private static void warmUp(LabFixture fixture, String api, String token) throws Exception {
    fixture.cli("run", "src/test/resources/bench/warm-up.yaml", "--set", "cluster=lab", "--follow");
    HttpResponse<String> unmatched = LabFixture.postAlert(api, token, "BenchWarmUp");
    assertThat(unmatched.statusCode()).as(unmatched.body()).isEqualTo(202);
  }

  /** The approval the moment `go` waits for it, as an operator with the page open would. */
  private static void approveWhenAsked(LabFixture fixture, WorkflowStub run) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (System.nanoTime() < deadline) {
      try {
        RunStatus status = run.query(RunbookWorkflow.QUERY_STATUS, RunStatus.class);
        if (status.steps().stream()
            .anyMatch(s -> s.id().equals("go") && s.state() == StepState.WAITING_FOR_APPROVAL)) {
          fixture.approveAsTwoPeople(run.getExecution().getWorkflowId());
          return;
        }
      } catch (RuntimeException notYet) {
        // the run is being started
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the failover never asked for its approval");
  }

  private static long number(RunResult result, String step, String output) {
    @SuppressWarnings("unchecked")
    Map<String, Object> outputs = (Map<String, Object>) result.steps().get(step);
    return ((Number) outputs.get(output)).longValue();
  }

  private static void fireQuorumLost(String api, String token) throws Exception {
    HttpResponse<String> response = LabFixture.postAlert(api, token, "EtcdQuorumLost");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
  }

  /**
   * The first write the restored member accepts, probed as the raw side probes its own etcd (a new
   * etcdctl every 20 ms, {@link RawFailover#awaitFirstPut}) from the moment node1's new etcd
   * container exists. Until 2026-12-06 a new jetcd client with its TLS handshake was made ~10 times
   * a second from the webhook call on: a core's worth of the bench's own work beside etcd-dr's
   * steps and the restored etcd's start, which the raw side never had.
   */
  private static final class FirstWrite implements AutoCloseable {
    private final LabFixture fixture;
    private final String node;
    private final String url;
    private final Thread trying;
    private volatile long succeededAt;

    private FirstWrite(LabFixture fixture, String node, String url) {
      this.fixture = fixture;
      this.node = node;
      this.url = url;
      this.trying = new Thread(this::tryOnceRestarted, "first-write");
      trying.setDaemon(true);
    }

    static FirstWrite watch(LabFixture fixture, String node, String url) {
      FirstWrite first = new FirstWrite(fixture, node, url);
      first.trying.start();
      return first;
    }

    private void tryOnceRestarted() {
      try (DockerEngine engine = DockerEngine.connect(fixture.lab.layout().docker(node).host())) {
        String learners = containerId(engine);
        while (Objects.equals(containerId(engine), learners)) {
          Thread.sleep(50); // one docker inspect: the restored etcd's container replaces it
        }
        succeededAt = RawFailover.awaitFirstPut(fixture.lab, url, System.nanoTime());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (Exception e) {
        throw new IllegalStateException("the first-write probe failed", e);
      }
    }

    private static String containerId(DockerEngine engine) {
      try {
        return engine.client().inspectContainerCmd("etcd").exec().getId();
      } catch (NotFoundException renamedAside) {
        return null;
      }
    }

    /** The nanoTime of the first accepted write. */
    long await(long timeoutNanos) throws InterruptedException {
      trying.join(TimeUnit.NANOSECONDS.toMillis(timeoutNanos));
      if (succeededAt == 0) {
        throw new AssertionError("the restored etcd accepted no write");
      }
      return succeededAt;
    }

    @Override
    public void close() {
      trying.interrupt();
    }
  }
}
