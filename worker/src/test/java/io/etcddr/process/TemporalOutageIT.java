package io.etcddr.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.etcddr.contract.EngineDataConverter;
import io.etcddr.contract.TaskQueues;
import io.etcddr.devserver.TemporalTestServer;
import io.etcddr.engine.ApprovalDecision;
import io.etcddr.engine.RunRequest;
import io.etcddr.engine.RunResult;
import io.etcddr.engine.RunStatus;
import io.etcddr.engine.RunbookWorkflow;
import io.etcddr.engine.StepState;
import io.etcddr.engine.StepStatus;
import io.etcddr.runbook.compile.Plan;
import io.etcddr.runbook.compile.RunbookCompiler;
import io.etcddr.runbook.model.RunbookLibrary;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Temporal gone in the middle of a run: the worker process reaches the server through a proxy that
 * the test cuts for 10 s while the run waits for its approval. The worker keeps retrying on its
 * own, says so in one line when the server goes and one when it is back — no stack trace per failed
 * poll — and once approved the run goes on to its end.
 */
class TemporalOutageIT {

  private static final Duration OUTAGE = Duration.ofSeconds(10);

  @TempDir Path dir;

  @Test
  void theRunGoesOnWhenTemporalIsBackAndTheOutageIsOneLineEachWay() throws Exception {
    Path library = Files.createDirectories(dir.resolve("library"));
    Files.copy(Path.of("src/test/resources/restart/restart.yaml"), library.resolve("restart.yaml"));
    int port = FreePort.on("127.0.0.1");
    Path serverLog = dir.resolve("server.log");
    Path workerLog = dir.resolve("worker.log");

    try (TemporalTestServer server = TemporalTestServer.start(port, serverLog);
        CuttableProxy proxy = new CuttableProxy("127.0.0.1", FreePort.on("127.0.0.1"), port);
        CountingWebhook hook = new CountingWebhook(dir.resolve("side-effects.txt"), "none")) {
      WorkflowServiceStubs service =
          WorkflowServiceStubs.newServiceStubs(
              WorkflowServiceStubsOptions.newBuilder().setTarget("127.0.0.1:" + port).build());
      WorkflowClient client =
          WorkflowClient.newInstance(
              service,
              WorkflowClientOptions.newBuilder()
                  .setDataConverter(EngineDataConverter.create())
                  .build());
      Plan plan =
          new RunbookCompiler(RunbookLibrary.EMPTY)
              .compile("restart.yaml", Files.readString(library.resolve("restart.yaml")))
              .planOrThrow();
      try (EtcdDrProcess worker =
          EtcdDrProcess.start(
              workerLog,
              "worker",
              "--address",
              proxy.address(),
              "--library",
              library.toString(),
              "--clusters",
              library.toString())) {
        WorkflowStub run =
            client.newUntypedWorkflowStub(
                RunbookWorkflow.TYPE,
                WorkflowOptions.newBuilder()
                    .setWorkflowId("outage-it")
                    .setTaskQueue(TaskQueues.WORKER)
                    .build());
        run.start(RunRequest.ofPlan(plan, Map.of("hook", hook.url())));
        awaitWaiting(run);
        long linesBefore = Files.readAllLines(workerLog).size();

        proxy.cut();
        Thread.sleep(OUTAGE.toMillis());
        proxy.restore();
        // approved once it is back: an update waits for the worker to take it
        run.update(
            RunbookWorkflow.UPDATE_DECIDE,
            String.class,
            new ApprovalDecision("wait", true, "it", null));

        RunResult result = run.getResult(90, TimeUnit.SECONDS, RunResult.class);
        assertThat(result.steps()).containsKeys("one", "two", "wait", "three");
        assertThat(hook.calls()).filteredOn("three"::equals).hasSize(1);
        assertThat(worker.alive()).isTrue();

        // the watcher checks every 3 s: the run may finish before it has said the server is back
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!Files.readString(workerLog).contains("is reachable again")
            && System.nanoTime() < deadline) {
          Thread.sleep(200);
        }
        List<String> during = Files.readAllLines(workerLog).stream().skip(linesBefore).toList();
        assertThat(during)
            .as("what the worker said about the outage")
            .filteredOn(l -> l.contains("is unreachable"))
            .hasSize(1);
        assertThat(during).filteredOn(l -> l.contains("is reachable again")).hasSize(1);
        assertThat(during)
            .as("no stack traces, no warning per failed poll: %s", during)
            .noneMatch(l -> l.startsWith("\tat ") || l.startsWith("Caused by"))
            .hasSizeLessThan(6);
      }
      service.shutdown();
    }
  }

  private static void awaitWaiting(WorkflowStub run) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        RunStatus status = run.query(RunbookWorkflow.QUERY_STATUS, RunStatus.class);
        for (StepStatus step : status.steps()) {
          if (step.id().equals("wait") && step.state() == StepState.WAITING_FOR_APPROVAL) {
            return;
          }
        }
      } catch (RuntimeException notYet) {
        // the worker is still taking the run
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the run never waited for its approval");
  }
}
