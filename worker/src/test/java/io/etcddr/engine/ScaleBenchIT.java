package io.etcddr.engine;

import io.etcddr.connect.TemporalConnection;
import io.etcddr.connect.TemporalOptions;
import io.etcddr.contract.TaskQueues;
import io.etcddr.devserver.TemporalTestServer;
import io.etcddr.lab.LongScenario;
import io.etcddr.process.FreePort;
import io.etcddr.process.SearchAttributeRegistration;
import io.etcddr.process.TestInventory;
import io.etcddr.runbook.compile.Plan;
import io.etcddr.runbook.compile.RunbookCompiler;
import io.etcddr.runbook.library.DirectoryLibrary;
import io.etcddr.runbook.model.RunbookLibrary;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scale benchmark (bench/scale; CI runs it small): one worker process against the Temporal
 * server process, every catalog activity a stand-in, so what is measured is the interpreter and
 * Temporal. First the load table ({@link DrillLoad}): many learner-drills (the shipped runbook)
 * started at once, the same activities as plain SDK code (the floor), and the drills paced (started
 * over a window, each stand-in step taking its time). Then one run of N sequential steps and one
 * step fanned out over N nodes: history events, time, time per step or node, heap. Each with sticky
 * execution (as etcd-dr's worker runs on a Temporal server) and with every task replaying the
 * history (as on the test server). Writes worker/target/scale.md; asserts only that every run
 * completed.
 *
 * <p>{@code -Dbench.drills=N} (default 10), {@code -Dbench.steps=a,b,c} (10,30), {@code
 * -Dbench.replaySteps=a,b} (the same), {@code -Dbench.fanout=a,b,c} (1,5), {@code
 * -Dbench.modes=sticky,replay}, {@code -Dbench.spread=S -Dbench.stepTime=S} (0, 0), {@code
 * -Dbench.workerJvm="..."} (extra JVM options for the worker, e.g. a flight recording).
 */
@Tag(LongScenario.TAG) // a benchmark: bench/ runs it, and the full suite
class ScaleBenchIT {

  /**
   * The paced drills' start window and each stand-in step's time ({@code -Dbench.spread}, {@code
   * -Dbench.stepTime}: seconds).
   */
  private static final Duration PACED_SPREAD = Duration.ofSeconds(Long.getLong("bench.spread", 0));

  private static final Duration PACED_STEP = Duration.ofSeconds(Long.getLong("bench.stepTime", 0));

  @TempDir Path dir;

  @Test
  void drillsStepsAndFanOut() throws Exception {
    int drills = Integer.getInteger("bench.drills", 10);
    int[] steps = ints(System.getProperty("bench.steps", "10,30"));
    int[] fanOut = ints(System.getProperty("bench.fanout", "1,5"));
    int nodes = IntStream.of(fanOut).max().orElse(1);
    Path inventory =
        TestInventory.write(
            dir.resolve("clusters"),
            List.of("bench"),
            IntStream.rangeClosed(1, nodes).mapToObj(n -> "n" + n).toList());
    StringBuilder out = new StringBuilder("## Scale: one worker, stand-in activities\n");
    for (String mode : System.getProperty("bench.modes", "sticky,replay").split(",")) {
      out.append(
          mode.equals("sticky")
              ? "\n### sticky execution (a Temporal server: runs stay in the worker's cache)\n\n"
              : "\n### every workflow task replays the history (the Java test server)\n\n");
      int[] runSteps =
          mode.equals("replay")
              ? ints(System.getProperty("bench.replaySteps", join(steps)))
              : steps;
      out.append(oneWorker(mode, inventory, nodes, drills, runSteps, fanOut));
    }
    System.out.println(out);
    Files.writeString(Path.of("target", "scale.md"), out.toString());
  }

  /** A Temporal server process and one worker process in this mode; the mode's tables. */
  private String oneWorker(
      String mode, Path inventory, int nodes, int drills, int[] steps, int[] fanOut)
      throws Exception {
    int port = FreePort.on("127.0.0.1");
    Path heapFile = dir.resolve("heap-" + mode);
    StringBuilder out = new StringBuilder();
    try (TemporalTestServer server =
        TemporalTestServer.start(port, dir.resolve("server-" + mode + ".log"))) {
      SearchAttributeRegistration.register("127.0.0.1:" + port, "default");
      List<String> command =
          new ArrayList<>(
              List.of(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-Xmx512m",
                  "-XX:+UseSerialGC"));
      String extra = System.getProperty("bench.workerJvm", "");
      if (!extra.isBlank()) {
        command.addAll(List.of(extra.strip().split("\\s+")));
      }
      command.addAll(
          List.of(
              "-cp",
              System.getProperty("java.class.path"),
              ScaleWorker.class.getName(),
              "127.0.0.1:" + port,
              "../runbooks",
              inventory.toString(),
              Integer.toString(nodes),
              heapFile.toString(),
              mode,
              Long.toString(PACED_STEP.toMillis())));
      Process worker =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("worker-" + mode + ".log").toFile())
              .start();
      TemporalConnection temporal =
          TemporalConnection.open(TemporalOptions.plain("127.0.0.1:" + port));
      try {
        WorkflowClient client = temporal.client();
        DrillLoad.Processes processes =
            new DrillLoad.Processes(worker.pid(), server.pid(), heapFile);
        out.append(load(client, drills, processes));
        out.append(
            "\n| run | history events | seconds | ms per step or node | worker CPU s |"
                + " server CPU s | worker heap peak MiB | retained MiB |\n");
        out.append("|---|---|---|---|---|---|---|---|\n");
        for (int n : steps) {
          out.append(one(client, "steps-" + n, n, sequential(n), processes));
        }
        for (int n : fanOut) {
          out.append(one(client, "fan-out-" + n, n, fannedOut(n), processes));
        }
      } finally {
        temporal.close();
        worker.destroyForcibly().waitFor();
      }
    }
    return out.toString();
  }

  /**
   * The load table: the drills started at once with stand-ins that answer at once (the most the
   * worker can take: every task queues behind the burst), the same as a floor of plain SDK code,
   * and the drills paced as a night of scheduled drills runs them (started over the schedules'
   * jitter window, each step taking its time).
   */
  private static String load(WorkflowClient client, int drills, DrillLoad.Processes processes)
      throws Exception {
    Plan drill =
        new RunbookCompiler(new DirectoryLibrary(Path.of("../runbooks")))
            .compile(
                "learner-drill.yaml", Files.readString(Path.of("../runbooks/learner-drill.yaml")))
            .planOrThrow();
    Map<String, Object> inputs = Map.of("cluster", "bench", "learner", "n1");
    // Unreported: the worker loads its classes and its JIT compiles the interpreter's and the SDK's
    // paths first, so that no measured run pays for it (a first burst measured ~40% more CPU per
    // task).
    int warm = Math.min(drills, 50);
    DrillLoad.row(
        client,
        new DrillLoad.Shape("warm-up", warm, Duration.ZERO, Duration.ZERO),
        i -> run(client, "warm-drill-" + i, drill, inputs),
        processes);
    DrillLoad.row(
        client,
        new DrillLoad.Shape("warm-up", warm, Duration.ZERO, Duration.ZERO),
        i -> floor(client, "warm-floor-" + i),
        processes);
    StringBuilder out = new StringBuilder(DrillLoad.HEADER);
    out.append(
        DrillLoad.row(
            client,
            new DrillLoad.Shape("learner-drills, burst", drills, Duration.ZERO, Duration.ZERO),
            i -> run(client, "drill-" + i, drill, inputs),
            processes));
    out.append(
        DrillLoad.row(
            client,
            new DrillLoad.Shape(
                "floor: the same activities, plain SDK", drills, Duration.ZERO, Duration.ZERO),
            i -> floor(client, "floor-" + i),
            processes));
    out.append(
        DrillLoad.row(
            client,
            new DrillLoad.Shape("learner-drills, paced", drills, PACED_SPREAD, PACED_STEP),
            i -> run(client, StandInActivities.PACED + "drill-" + i, drill, inputs),
            processes));
    return out.toString();
  }

  private static WorkflowStub floor(WorkflowClient client, String id) {
    WorkflowStub stub =
        client.newUntypedWorkflowStub(
            "FloorWorkflow",
            WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(TaskQueues.WORKER).build());
    stub.start();
    return stub;
  }

  /**
   * One run of {@code n} steps or nodes: its history, its time, the time per step or node, and the
   * CPU the worker and the Temporal server spent on it.
   */
  private static String one(
      WorkflowClient client, String name, int n, Plan plan, DrillLoad.Processes processes)
      throws Exception {
    long workerCpu = DrillLoad.cpuMillis(processes.workerPid());
    long serverCpu = DrillLoad.cpuMillis(processes.serverPid());
    long start = System.nanoTime();
    WorkflowStub run = run(client, name, plan, Map.of("cluster", "bench"));
    run.getResult(10, TimeUnit.MINUTES, RunResult.class);
    double seconds = (System.nanoTime() - start) / 1e9;
    workerCpu = DrillLoad.cpuMillis(processes.workerPid()) - workerCpu;
    serverCpu = DrillLoad.cpuMillis(processes.serverPid()) - serverCpu;
    int events = client.fetchHistory(name).getHistory().getEventsCount();
    String[] heap = processes.heap();
    return String.format(
        "| %s | %d | %.2f | %.1f | %.2f | %.2f | %s | %s |%n",
        name,
        events,
        seconds,
        seconds * 1000 / n,
        workerCpu / 1000.0,
        serverCpu / 1000.0,
        heap[0],
        heap[1]);
  }

  private static WorkflowStub run(
      WorkflowClient client, String id, Plan plan, Map<String, Object> inputs) {
    WorkflowStub stub =
        client.newUntypedWorkflowStub(
            RunbookWorkflow.TYPE,
            WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(TaskQueues.WORKER).build());
    stub.start(RunRequest.ofPlan(plan, new HashMap<>(inputs)));
    return stub;
  }

  /** {@code n} steps one after the other, each a node activity. */
  private static Plan sequential(int n) {
    StringBuilder yaml = header("steps-" + n);
    for (int i = 0; i < n; i++) {
      yaml.append("  - { id: s").append(i).append(", uses: host.clock, on: n1 }\n");
    }
    return compile(yaml);
  }

  /** One step fanned out over {@code n} nodes. */
  private static Plan fannedOut(int n) {
    StringBuilder yaml = header("fan-out-" + n);
    yaml.append("  - id: clocks\n    uses: host.clock\n    on: [")
        .append(String.join(", ", IntStream.rangeClosed(1, n).mapToObj(i -> "n" + i).toList()))
        .append("]\n");
    return compile(yaml);
  }

  private static StringBuilder header(String name) {
    return new StringBuilder(
        "apiVersion: etcd-dr/v1\nkind: Runbook\nmetadata: { name: "
            + name
            + ", description: scale benchmark }\ninputs:\n  cluster: { type: string, required: true }\nsteps:\n");
  }

  private static Plan compile(StringBuilder yaml) {
    return new RunbookCompiler(RunbookLibrary.EMPTY)
        .compile("bench.yaml", yaml.toString())
        .planOrThrow();
  }

  private static String join(int[] values) {
    return String.join(",", java.util.Arrays.stream(values).mapToObj(Integer::toString).toList());
  }

  private static int[] ints(String list) {
    return java.util.Arrays.stream(list.split(","))
        .map(String::strip)
        .mapToInt(Integer::parseInt)
        .toArray();
  }
}
