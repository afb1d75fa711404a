package io.etcddr.runs;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.etcddr.connect.TemporalConnection;
import io.etcddr.connect.TemporalOptions;
import io.etcddr.contract.TaskQueues;
import io.etcddr.devserver.TemporalTestServer;
import io.etcddr.engine.InputsCheckWorkflow;
import io.etcddr.process.FreePort;
import io.etcddr.runbook.compile.Plan;
import io.etcddr.runbook.compile.RunbookCompiler;
import io.etcddr.runbook.model.RunbookLibrary;
import io.temporal.worker.WorkerFactory;
import io.temporal.workflow.Workflow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * `etcd-dr run` checks the inputs with the worker before it starts anything; when that check gets
 * no answer in time, the operator learns which of two things happened: no worker polls the queue,
 * or one took the check and was too slow (starting, overloaded) — a real test server, no mocks.
 */
// The no-worker case first, on a server no worker has polled yet: a worker stopped with
// shutdownNow can leave a poll in flight, to which the test server still hands the next check.
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NoWorkerIT {

  private static final Duration WAIT = Duration.ofSeconds(3);

  /** Long enough for a worker just started to take the check, even on a busy machine. */
  private static final Duration SLOW_WAIT = Duration.ofSeconds(10);

  @TempDir static Path dir;
  private static TemporalTestServer server;
  private static TemporalConnection temporal;
  private static Plan plan;

  /** A worker that takes the check and never finishes it, as a worker too busy to would. */
  public static final class StuckCheck implements InputsCheckWorkflow {
    @Override
    public String check(List<io.etcddr.contract.PlanInput> declared, Map<String, Object> inputs) {
      Workflow.await(() -> false);
      return "";
    }
  }

  @BeforeAll
  static void start() throws Exception {
    int port = FreePort.on("127.0.0.1");
    server = TemporalTestServer.start(port, dir.resolve("server.log"));
    temporal = TemporalConnection.open(TemporalOptions.plain("127.0.0.1:" + port));
    plan =
        new RunbookCompiler(RunbookLibrary.EMPTY)
            .compile(
                "clock-check.yaml", Files.readString(Path.of("..", "runbooks", "clock-check.yaml")))
            .planOrThrow();
  }

  @AfterAll
  static void stop() throws Exception {
    temporal.close();
    server.close();
  }

  @Test
  @Order(1)
  void withoutAWorkerItSaysNoneAnsweredAndStartsNothing() {
    assertThatThrownBy(
            () ->
                new RunStarter(temporal, null)
                    .checkWithWorker(plan, Map.of("cluster", "lab"), WAIT))
        .isInstanceOf(RunStarter.NoWorker.class)
        .hasMessageStartingWith("no etcd-dr worker answered on task queue etcd-dr within 3 s")
        .hasMessageContaining("nothing was started")
        .hasMessageEndingWith("start the worker or check --address");
  }

  @Test
  @Order(2)
  void aWorkerThatTookTheCheckButIsTooSlowIsSaidToBeSo() {
    WorkerFactory factory = WorkerFactory.newInstance(temporal.client());
    factory.newWorker(TaskQueues.WORKER).registerWorkflowImplementationTypes(StuckCheck.class);
    factory.start();
    try {
      assertThatThrownBy(
              () ->
                  new RunStarter(temporal, null)
                      .checkWithWorker(plan, Map.of("cluster", "lab"), SLOW_WAIT))
          .isInstanceOf(RunStarter.NoWorker.class)
          .hasMessageStartingWith(
              "an etcd-dr worker took the inputs check on task queue etcd-dr but did not finish it"
                  + " within 10 s (starting or overloaded: its log says which)")
          .hasMessageContaining("nothing was started")
          .hasMessageEndingWith(
              "give it longer (run --worker-wait 2m) or look at the worker's log");
    } finally {
      factory.shutdownNow();
    }
  }
}
