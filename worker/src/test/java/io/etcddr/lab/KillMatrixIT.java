package io.etcddr.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.options.GetOption;
import io.etcddr.contract.cluster.ClusterRecord;
import io.etcddr.engine.RunResult;
import io.etcddr.engine.StepState;
import io.temporal.client.WorkflowStub;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The kill matrix (issue 19): failover-to-learner on the lab with one process SIGKILLed at one
 * point of the run and started again at once, for every cell of {@link KillCells}. One lab serves
 * every cell: {@link SiteLossLab} replays the same power cut of site A for each (node1 and node2
 * put back as they were, a new Temporal server holding the cluster's record, new agents and
 * worker). Every cell must end in the same state as every other — one restored member, the same
 * keys and values at the restored revision, the same cluster.yml, no acknowledged write lost that
 * the learner had — with each effect applied once, counted at its source ({@link SourceEffects}).
 *
 * <p>{@code bin/test-full} runs {@link KillCells#SUITE_SLICE}, the same every day; {@code
 * bin/kill-matrix} runs them all (or named ones, {@code -DkillMatrix=NAME,...}) and writes the
 * table to worker/target/kill-matrix.md.
 */
@OnTheLab
@LongScenario
@ExtendWith(SiteLossLab.Shared.class)
class KillMatrixIT {

  private static final String RUN = "failover-to-learner/lab";

  private static SiteLossLab site;
  private static LabFixture fixture;
  private static final List<Row> rows = new ArrayList<>();
  private static FinalState reference;

  /** One line of the table. */
  private record Row(
      KillCell cell, String seen, String outcome, Map<String, Object> effects, long seconds) {}

  /** What every cell must end with, the same in each. */
  private record FinalState(
      int members,
      long restoredRevision,
      String keysDigest,
      long keys,
      String clusterYmlSha256,
      RpoWriter.Rpo rpo) {}

  @BeforeAll
  static void prepare(SiteLossLab lab) {
    site = lab;
    fixture = lab.fixture;
  }

  @AfterAll
  static void report() throws Exception {
    if (!rows.isEmpty()) {
      String table = table();
      System.out.println(table);
      Files.writeString(Path.of("target", "kill-matrix.md"), table);
    }
  }

  @TestFactory
  Stream<DynamicTest> everyCellEndsInTheSameStateWithEachEffectOnce() {
    List<KillCell> cells = KillCells.selected(System.getProperty("killMatrix"));
    return cells.stream().map(cell -> dynamicTest(cell.name(), () -> run(cell)));
  }

  private static void run(KillCell cell) throws Exception {
    long started = System.nanoTime();
    SiteLossLab.Replay replay = site.replay(cell::environmentOf);
    Instant since = Instant.now();
    Killer killer = null;
    Map<String, Object> counted = Map.of();
    String outcome = "FAILED: ";
    try (SourceEffects effects = SourceEffects.watch(fixture.lab)) {
      assertThat(
              fixture.cli(
                  "run", "failover-to-learner", "--set", "cluster=lab", "--set", "learner=node1"))
          .contains(RUN);
      WorkflowStub run = fixture.temporal.client().newUntypedWorkflowStub(RUN);
      Path victimLog =
          cell.killsWorker()
              ? fixture.dir.resolve("processes.log")
              : fixture.lab.layout().agentLog(cell.victim());
      CellWatch watch = new CellWatch(fixture.lab, run, victimLog, since);
      killer = new Killer(cell, watch, replay);
      killer.start();
      if (cell.beforeApproval()) {
        killer.join(Duration.ofMinutes(3).toMillis());
      }
      RunSteps.await(run, "go", StepState.WAITING_FOR_APPROVAL);
      fixture.approveAsTwoPeople(RUN);
      RunResult result = run.getResult(6, TimeUnit.MINUTES, RunResult.class);
      killer.join(Duration.ofSeconds(30).toMillis());
      assertThat(killer.seen.get())
          .as("%s: the kill point was reached before the run ended", cell.name())
          .isNotNull();
      counted = effects.count(watch);
      FinalState state = finalState(result);
      outcome = "completed; " + state.members() + " member, " + state.keys() + " keys";
      assertEachEffectOnce(cell, counted);
      if (reference == null) {
        reference = state;
      }
      assertThat(state).as("%s ends as every other cell", cell.name()).isEqualTo(reference);
      assertThat(state.members()).isEqualTo(1);
      assertThat(state.rpo().appliedMissing())
          .as("%s: acknowledged writes the learner had applied, missing after the failover", cell)
          .isZero();
      ClusterRecord record = fixture.record().orElseThrow();
      assertThat(record.current().orElseThrow().number()).as("generations made").isEqualTo(2);
      assertThat(record.fences()).as("fence orders").hasSize(SiteLossLab.SITE_A.size());
    } catch (Throwable failed) {
      outcome = "FAILED: " + String.valueOf(failed.getMessage()).lines().findFirst().orElse("");
      throw failed;
    } finally {
      replay.close();
      String seen = killer == null || killer.seen.get() == null ? "never" : killer.seen.get();
      rows.add(
          new Row(cell, seen, outcome, counted, (System.nanoTime() - started) / 1_000_000_000));
    }
  }

  /**
   * Each effect once: the copy, the restored data and cluster.yml renamed into place once, one new
   * etcd container, the old one renamed aside once, one backup of cluster.yml, rke up once (twice
   * when the first run was killed mid-way, never two at once).
   */
  private static void assertEachEffectOnce(KillCell cell, Map<String, Object> counted) {
    for (String path : SourceEffects.PLACED) {
      assertThat(counted.get("renamed into " + path)).as("%s: %s", cell.name(), path).isEqualTo(1L);
    }
    assertThat(counted.get("etcd containers created")).as(cell.name()).isEqualTo(1L);
    assertThat(counted.get("etcd renamed aside")).as(cell.name()).isEqualTo(1L);
    assertThat(counted.get("cluster.yml backups")).as(cell.name()).isEqualTo(1L);
    long cutShort = (Long) counted.get("rke up runs cut short");
    assertThat(counted.get("rke up runs")).as(cell.name()).isEqualTo(1L + cutShort);
    assertThat(counted.get("rke up runs at once (most)")).as(cell.name()).isEqualTo(1L);
  }

  /** The restored cluster as it was restored: members, revision, every key and value, RPO. */
  private static FinalState finalState(RunResult result) throws Exception {
    long revision = number(result, "verify", "revision");
    long fromRevision = revision - number(result, "restore", "revisionBump");
    try (Client client = fixture.etcdClient(List.of(site.node1Url()))) {
      int members =
          client.getClusterClient().listMember().get(10, TimeUnit.SECONDS).getMembers().size();
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      long keys = 0;
      ByteSequence zero = ByteSequence.from(new byte[] {0});
      ByteSequence from = zero;
      int pageSize = 50; // values of up to 64 KiB: a page stays below gRPC's 4 MiB
      while (true) {
        List<KeyValue> page =
            client
                .getKVClient()
                .get(
                    from,
                    GetOption.builder()
                        .withRange(zero)
                        .withRevision(revision)
                        .withLimit(pageSize)
                        .withSortField(GetOption.SortTarget.KEY)
                        .withSortOrder(GetOption.SortOrder.ASCEND)
                        .build())
                .get(30, TimeUnit.SECONDS)
                .getKvs();
        for (KeyValue kv : page) {
          digest.update(kv.getKey().getBytes());
          digest.update((byte) 0);
          digest.update(kv.getValue().getBytes());
          digest.update((byte) 0);
        }
        keys += page.size();
        if (page.size() < pageSize) {
          break;
        }
        from = page.get(page.size() - 1).getKey().concat(zero);
      }
      Path yml = fixture.lab.layout().root("node1").resolve("etc/rke/cluster.yml");
      return new FinalState(
          members,
          revision,
          HexFormat.of().formatHex(digest.digest()),
          keys,
          HexFormat.of()
              .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(yml))),
          site.acknowledged.lostIn(client, fromRevision));
    }
  }

  private static long number(RunResult result, String step, String output) {
    @SuppressWarnings("unchecked")
    Map<String, Object> outputs = (Map<String, Object>) result.steps().get(step);
    return ((Number) outputs.get(output)).longValue();
  }

  /** Kills the cell's victim at its point, then starts it again at once. */
  private static final class Killer extends Thread {
    final AtomicReference<String> seen = new AtomicReference<>();
    private final KillCell cell;
    private final CellWatch watch;
    private final SiteLossLab.Replay replay;

    Killer(KillCell cell, CellWatch watch, SiteLossLab.Replay replay) {
      super("killer-" + cell.name());
      this.cell = cell;
      this.watch = watch;
      this.replay = replay;
      setDaemon(true);
    }

    @Override
    public void run() {
      long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
      try {
        while (System.nanoTime() < deadline) {
          Optional<String> reached = cell.point().reached(watch);
          if (reached.isPresent()) {
            if (cell.killsWorker()) {
              replay.restartWorker();
            } else {
              replay.restartAgent(cell.victim());
            }
            seen.set(reached.get());
            return;
          }
          Thread.sleep(20);
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private static String table() {
    StringBuilder out = new StringBuilder();
    out.append("| cell | killed | seen as | outcome | effects counted at their source | s |\n");
    out.append("|---|---|---|---|---|---|\n");
    for (Row row : rows) {
      Map<String, Object> effects = new LinkedHashMap<>(row.effects());
      out.append("| ")
          .append(row.cell().name())
          .append(" | ")
          .append(row.cell().killsWorker() ? "worker" : "agent of " + row.cell().victim())
          .append(" | ")
          .append(row.seen())
          .append(" | ")
          .append(row.outcome())
          .append(" | ")
          .append(
              effects.entrySet().stream()
                  .map(e -> e.getKey() + " " + e.getValue())
                  .reduce((a, b) -> a + "; " + b)
                  .orElse(""))
          .append(" | ")
          .append(row.seconds())
          .append(" |\n");
    }
    return out.toString();
  }
}
