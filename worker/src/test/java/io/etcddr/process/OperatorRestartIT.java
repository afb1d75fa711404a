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
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Operator restart, for real: a standalone Temporal server process and `etcd-dr worker` processes.
 * The worker is SIGKILLed while a step's activity runs, and again while the run waits on a timer
 * (an approval with a timeout); a fresh worker resumes each time and the run completes. Steps that
 * finished before a kill ran exactly once (counted in a file by the webhook receiver).
 */
class OperatorRestartIT {

  @TempDir Path dir;

  @Test
  void runSurvivesTheWorkerBeingKilledDuringAnActivityAndDuringATimer() throws Exception {
    Path library = Files.createDirectories(dir.resolve("library"));
    Files.copy(Path.of("src/test/resources/restart/restart.yaml"), library.resolve("restart.yaml"));
    int port = FreePort.on("127.0.0.1");
    String address = "127.0.0.1:" + port;
    Path log = dir.resolve("processes.log");

    try (TemporalTestServer server = TemporalTestServer.start(port, log);
        CountingWebhook hook = new CountingWebhook(dir.resolve("side-effects.txt"), "two")) {
      WorkflowServiceStubs service =
          WorkflowServiceStubs.newServiceStubs(
              WorkflowServiceStubsOptions.newBuilder().setTarget(address).build());
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

      EtcdDrProcess first = worker(address, library, log);
      WorkflowStub run =
          client.newUntypedWorkflowStub(
              RunbookWorkflow.TYPE,
              WorkflowOptions.newBuilder()
                  .setWorkflowId("restart-it")
                  .setTaskQueue(TaskQueues.WORKER)
                  .build());
      run.start(RunRequest.ofPlan(plan, Map.of("hook", hook.url())));

      assertThat(hook.held.await(60, TimeUnit.SECONDS)).as("step two started").isTrue();
      first.kill();
      hook.release();
      assertThat(first.alive()).isFalse();

      try (EtcdDrProcess second = worker(address, library, log)) {
        awaitStep(run, "wait", StepState.WAITING_FOR_APPROVAL, Duration.ofSeconds(90));
        second.kill();
      }
      try (EtcdDrProcess third = worker(address, library, log)) {
        String answer =
            run.update(
                RunbookWorkflow.UPDATE_DECIDE,
                String.class,
                new ApprovalDecision("wait", true, "it", null));
        RunResult result = run.getResult(60, TimeUnit.SECONDS, RunResult.class);

        assertThat(answer).isEqualTo("approved `wait` for it");
        assertThat(result.steps()).containsKeys("one", "two", "wait", "three");
      }
      // `one` finished before the first kill and ran once; `two` was killed mid-call and ran again
      // on the new worker (at least once, as Temporal promises); `three` ran once after the
      // restarts.
      assertThat(hook.calls()).filteredOn("one"::equals).hasSize(1);
      assertThat(hook.calls()).filteredOn("two"::equals).hasSizeGreaterThanOrEqualTo(2);
      assertThat(hook.calls()).filteredOn("three"::equals).hasSize(1);
      assertThat(hook.calls()).startsWith("one", "two").endsWith("three");
      service.shutdown();
    }
  }

  private static EtcdDrProcess worker(String address, Path library, Path log) throws Exception {
    return EtcdDrProcess.start(
        log,
        "worker",
        "--address",
        address,
        "--library",
        library.toString(),
        "--clusters",
        library.toString());
  }

  private static void awaitStep(WorkflowStub run, String step, StepState state, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        RunStatus status = run.query(RunbookWorkflow.QUERY_STATUS, RunStatus.class);
        if (status.steps().stream().anyMatch(s -> s.id().equals(step) && s.state() == state)) {
          return;
        }
      } catch (RuntimeException noWorkerYet) {
        // the new worker is still starting
      }
      Thread.sleep(500);
    }
    throw new AssertionError("step " + step + " never reached " + state);
  }
}
