package io.etcddr.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcddr.activities.record.TemporalClusterRecords;
import io.etcddr.contract.cluster.AgentSeen;
import io.etcddr.contract.cluster.ClusterRecord;
import io.etcddr.contract.cluster.Generation;
import io.etcddr.process.EtcdDrProcess;
import io.etcddr.testing.Prerequisites;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The lab at the moment site A lost power, saved once and replayed as often as needed: the three
 * masters (every voter) powered off while a writer kept writing, node1 holding the learner with
 * what it had applied, node2 the other survivor. Each {@link #replay} puts node1 and node2 back as
 * they were at the cut, on a new Temporal server that holds the cluster's record as it was (its
 * first generation), with fresh agents and worker. Shared by every test class of one test JVM (made
 * by the first that asks, removed when the JVM's tests end), so the kill matrix and the recovery
 * benchmark pay for one lab between them; node1 and node2 are off between replays.
 *
 * <p>{@code -Dbench.dbMiB=N} sets the size of the data written before the cut (default 8 MiB).
 */
final class SiteLossLab implements AutoCloseable {

  static final List<String> SITE_A = List.of("master1", "master2", "master3");
  static final List<String> SITE_B = List.of("node1", "node2");

  /** Values of the keys written before the cut: etcd's recommended maximum request is 1.5 MiB. */
  private static final int VALUE_BYTES = 64 * 1024;

  final LabFixture fixture;
  final int dbMiB;
  final RpoWriter.Acknowledged acknowledged;
  private final LabCheckpoint checkpoint;
  private final Generation first;

  private SiteLossLab(
      LabFixture fixture,
      int dbMiB,
      RpoWriter.Acknowledged acknowledged,
      LabCheckpoint checkpoint,
      Generation first) {
    this.fixture = fixture;
    this.dbMiB = dbMiB;
    this.acknowledged = acknowledged;
    this.checkpoint = checkpoint;
    this.first = first;
  }

  /** Resolves a {@code SiteLossLab} parameter with the JVM's one instance. */
  static final class Shared implements ParameterResolver {
    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
      return parameter.getParameter().getType() == SiteLossLab.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
      return context
          .getRoot()
          .getStore(ExtensionContext.Namespace.create(SiteLossLab.class))
          .getOrComputeIfAbsent(
              SiteLossLab.class,
              key -> {
                try {
                  return prepare(Integer.getInteger("bench.dbMiB", 8));
                } catch (Exception e) {
                  throw new IllegalStateException("the site-loss lab could not be made", e);
                }
              },
              SiteLossLab.class);
    }
  }

  static SiteLossLab prepare(int dbMiB) throws Exception {
    Prerequisites.need().onPath("inotifywait").orSkip();
    LabFixture fixture = LabFixture.up();
    try {
      Generation first;
      RpoWriter.Acknowledged acknowledged;
      try (EtcdDrProcess worker = fixture.worker()) {
        assertThat(fixture.addLearnerOnNode1()).contains("run completed");
        first = fixture.record().flatMap(ClusterRecord::current).orElseThrow();
        fill(fixture, dbMiB);
        // The cut: site A loses power while a writer keeps writing at a steady rate.
        try (RpoWriter writer = RpoWriter.start(fixture, SITE_A, 500)) {
          writer.awaitSteady();
          fixture.powerOff(SITE_A.toArray(String[]::new));
          acknowledged = writer.stopAfter(java.time.Duration.ofSeconds(2));
        }
      }
      // Watched from the first moment of each replay: the failover's copy lands here.
      Files.createDirectories(
          fixture.lab.layout().root("node1").resolve("var/lib/etcd-dr/failover"));
      LabCheckpoint checkpoint =
          LabCheckpoint.save(fixture.lab, SITE_B, fixture.dir.resolve("checkpoint"));
      fixture.server.close();
      return new SiteLossLab(fixture, dbMiB, acknowledged, checkpoint, first);
    } catch (Exception | Error e) {
      fixture.close();
      throw e;
    }
  }

  /** Writes about {@code mib} MiB under /bench/data/ through site A. */
  private static void fill(LabFixture fixture, int mib) throws Exception {
    List<String> masters =
        SITE_A.stream().map(n -> "https://" + fixture.lab.node(n).address() + ":2379").toList();
    byte[] value = new byte[VALUE_BYTES];
    try (Client client = fixture.etcdClient(masters)) {
      for (int i = 0; i < mib * (1024 * 1024 / VALUE_BYTES); i++) {
        value[i % VALUE_BYTES] = (byte) i;
        client
            .getKVClient()
            .put(
                ByteSequence.from(String.format("/bench/data/%06d", i), StandardCharsets.UTF_8),
                ByteSequence.from(value))
            .get(30, TimeUnit.SECONDS);
      }
    }
  }

  /** A replay of the cut, with what each process gets in its environment. */
  final class Replay implements AutoCloseable {
    final AtomicReference<EtcdDrProcess> worker;
    private final Map<java.nio.file.Path, Long> logsFrom;

    private Replay(EtcdDrProcess worker, Map<java.nio.file.Path, Long> logsFrom) {
      this.worker = new AtomicReference<>(worker);
      this.logsFrom = logsFrom;
    }

    /** Waits until the worker and both agents say they poll (as on nodes where they always run). */
    void awaitPolling() throws Exception {
      long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
      for (Map.Entry<java.nio.file.Path, Long> log : logsFrom.entrySet()) {
        while (!LogTail.from(log.getKey(), log.getValue()).contains(" polling etcd-dr")) {
          if (System.nanoTime() > deadline) {
            throw new AssertionError(log.getKey() + " never said it polls");
          }
          Thread.sleep(50);
        }
      }
    }

    /** SIGKILLs the worker and starts another one, as after a crash. */
    void restartWorker() throws Exception {
      worker.get().kill();
      worker.set(fixture.worker());
    }

    /** SIGKILLs the node's agent and starts another one. */
    void restartAgent(String node) throws Exception {
      fixture.lab.killAgent(node);
      fixture.lab.startAgent(node, fixture.address, Map.of());
    }

    /** The worker gone, node1 and node2 off: nothing of the replay runs on. */
    @Override
    public void close() throws Exception {
      worker.get().kill();
      for (String node : SITE_B) {
        fixture.lab.powerOff(node);
      }
      fixture.server.close();
    }
  }

  /**
   * Node1 and node2 as at the cut, engines up, on a new Temporal server holding the cluster's
   * record as it was; agents and worker started with {@code environmentOf("worker"|NODE)}, the
   * worker with {@code workerArgs} too.
   */
  Replay replay(Function<String, Map<String, String>> environmentOf, String... workerArgs)
      throws Exception {
    return replay(environmentOf, false, workerArgs);
  }

  /**
   * @param leaseFromNow whether site A's agents were last heard now, as at the very moment of a
   *     power cut: the failover then waits their lease out (T_fence plus a margin), which is what
   *     the lease costs a failover started at once; otherwise they never reported one
   */
  Replay replay(
      Function<String, Map<String, String>> environmentOf,
      boolean leaseFromNow,
      String... workerArgs)
      throws Exception {
    checkpoint.restore();
    fixture.restartTemporal();
    Map<java.nio.file.Path, Long> logsFrom = new java.util.LinkedHashMap<>();
    java.nio.file.Path workerLog = fixture.dir.resolve("processes.log");
    logsFrom.put(workerLog, LogTail.size(workerLog));
    for (String node : SITE_B) {
      java.nio.file.Path log = fixture.lab.layout().agentLog(node);
      logsFrom.put(log, LogTail.size(log));
      fixture.lab.startAgent(node, fixture.address, environmentOf.apply(node));
    }
    Replay replay = new Replay(fixture.worker(environmentOf.apply("worker"), workerArgs), logsFrom);
    // What Temporal held at the cut: the cluster's record, its first generation (an update: it
    // waits for the worker just started).
    new TemporalClusterRecords(fixture.temporal.client())
        .adopt(
            LabFixture.CLUSTER,
            new Generation.Proposal(
                first.clusterId(),
                first.members(),
                first.clientUrls(),
                first.reason(),
                first.workflowId(),
                first.runId(),
                first.fromRevision()));
    if (leaseFromNow) {
      for (String node : List.of("master1", "master2", "master3")) {
        new TemporalClusterRecords(fixture.temporal.client())
            .agentSeen(LabFixture.CLUSTER, new AgentSeen(node, 15_000, 0));
      }
    }
    return replay;
  }

  /** The restored member's client URL. */
  String node1Url() {
    return "https://" + fixture.lab.node("node1").address() + ":2379";
  }

  @Override
  public void close() throws Exception {
    fixture.close();
  }
}
