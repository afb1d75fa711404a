package io.etcddr.engine;

import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * One row of the scale benchmark's load table: many runs on one worker, started at once or spread
 * over a window, and what their workflow tasks waited. Task latency is scheduled → completed per
 * workflow task, from the histories, split into queued (scheduled → started: waiting for a poller)
 * and in the worker (started → completed). CPU is each process's own, over the row, per workflow
 * task: the worker's (interpreter, SDK, stand-ins) apart from the Temporal server's.
 */
final class DrillLoad {

  /**
   * What is started: {@code count} runs over {@code spread}, each stand-in step taking {@code
   * step}.
   */
  record Shape(String name, int count, Duration spread, Duration step) {}

  /** The processes whose CPU a row reports, and the file the worker writes its heap to. */
  record Processes(long workerPid, long serverPid, Path heapFile) {
    /** The worker's heap: {peak MiB, retained MiB}. */
    String[] heap() throws IOException {
      return Files.readString(heapFile).strip().split(" ");
    }
  }

  static final String HEADER =
      "| load | runs | started over s | each step s | most in flight | runs/s | workflow tasks |"
          + " task latency p50 ms | p99 ms | queued p99 ms | in the worker p99 ms |"
          + " worker CPU ms per task | server CPU ms per task | worker heap peak MiB |"
          + " retained MiB |\n"
          + "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n";

  private DrillLoad() {}

  /** Starts the runs ({@code start} takes the run's index), waits for them all, and measures. */
  static String row(
      WorkflowClient client,
      Shape shape,
      Function<Integer, WorkflowStub> start,
      Processes processes)
      throws Exception {
    long workerCpu = cpuMillis(processes.workerPid());
    long serverCpu = cpuMillis(processes.serverPid());
    long begin = System.nanoTime();
    long gapNanos = shape.count() > 1 ? shape.spread().toNanos() / (shape.count() - 1) : 0;
    List<WorkflowStub> runs = new ArrayList<>();
    for (int i = 0; i < shape.count(); i++) {
      long due = begin + i * gapNanos;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      runs.add(start.apply(i));
    }
    for (WorkflowStub run : runs) {
      run.getResult(20, TimeUnit.MINUTES, Object.class);
    }
    double seconds = (System.nanoTime() - begin) / 1e9;
    workerCpu = cpuMillis(processes.workerPid()) - workerCpu;
    serverCpu = cpuMillis(processes.serverPid()) - serverCpu;
    List<TaskTimes> tasks = new ArrayList<>();
    List<long[]> spans = new ArrayList<>();
    for (WorkflowStub run : runs) {
      List<HistoryEvent> events =
          client.fetchHistory(run.getExecution().getWorkflowId()).getHistory().getEventsList();
      tasks.addAll(workflowTasks(events));
      spans.add(new long[] {millis(events.get(0)), millis(events.get(events.size() - 1))});
    }
    String[] heap = processes.heap();
    List<Long> total = sorted(tasks, TaskTimes::total);
    return String.format(
        "| %s | %d | %.0f | %.1f | %d | %.1f | %d | %d | %d | %d | %d | %.1f | %.1f | %s | %s |%n",
        shape.name(),
        shape.count(),
        shape.spread().toMillis() / 1000.0,
        shape.step().toMillis() / 1000.0,
        mostInFlight(spans),
        shape.count() / seconds,
        tasks.size(),
        total.get(total.size() / 2),
        p99(total),
        p99(sorted(tasks, TaskTimes::queued)),
        p99(sorted(tasks, TaskTimes::working)),
        (double) workerCpu / tasks.size(),
        (double) serverCpu / tasks.size(),
        heap[0],
        heap[1]);
  }

  /** One workflow task's times in milliseconds: waiting for a poller, then in the worker. */
  private record TaskTimes(long queued, long working) {
    long total() {
      return queued + working;
    }
  }

  private static List<TaskTimes> workflowTasks(List<HistoryEvent> events) {
    List<TaskTimes> tasks = new ArrayList<>();
    long scheduled = 0;
    long started = 0;
    for (HistoryEvent event : events) {
      long at = millis(event);
      switch (event.getEventType()) {
        case EVENT_TYPE_WORKFLOW_TASK_SCHEDULED -> scheduled = at;
        case EVENT_TYPE_WORKFLOW_TASK_STARTED -> started = at;
        case EVENT_TYPE_WORKFLOW_TASK_COMPLETED ->
            tasks.add(new TaskTimes(started - scheduled, at - started));
        default -> {}
      }
    }
    return tasks;
  }

  /** The most runs open at one time: a sweep over their start and close times. */
  private static int mostInFlight(List<long[]> spans) {
    List<long[]> edges = new ArrayList<>();
    for (long[] span : spans) {
      edges.add(new long[] {span[0], 1});
      edges.add(new long[] {span[1], -1});
    }
    edges.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
    int open = 0;
    int most = 0;
    for (long[] edge : edges) {
      open += (int) edge[1];
      most = Math.max(most, open);
    }
    return most;
  }

  private static long millis(HistoryEvent event) {
    return event.getEventTime().getSeconds() * 1000 + event.getEventTime().getNanos() / 1_000_000;
  }

  /** A process's CPU time so far (user and system, all threads), in milliseconds. */
  static long cpuMillis(long pid) {
    return ProcessHandle.of(pid)
        .flatMap(p -> p.info().totalCpuDuration())
        .orElseThrow(() -> new IllegalStateException("no CPU time for process " + pid))
        .toMillis();
  }

  private static List<Long> sorted(List<TaskTimes> tasks, ToLongFunction<TaskTimes> field) {
    return tasks.stream().mapToLong(field).sorted().boxed().toList();
  }

  private static long p99(List<Long> sorted) {
    return sorted.get(Math.max(0, (int) Math.ceil(sorted.size() * 0.99) - 1));
  }
}
