package io.etcddr.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.etcddr.contract.TaskQueues;
import io.etcddr.contract.cluster.AgentSeen;
import io.etcddr.contract.cluster.ClusterRecord;
import io.etcddr.contract.cluster.ClusterWorkflow;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.UpdateWorkflowExecutionLifecycleStage;
import io.temporal.api.update.v1.UpdateRef;
import io.temporal.api.update.v1.WaitPolicy;
import io.temporal.api.workflowservice.v1.PollWorkflowExecutionUpdateRequest;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateStage;
import io.temporal.testing.TestWorkflowEnvironment;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The lease reads the record with the {@code read} update and trusts it to show every agent
 * sighting the server took before it. The hard case is a record's first workflow task (a new
 * record, or the first after continue-as-new): the start, a sighting and the read arrive together,
 * and the SDK ran the update before the signal (2 reads in 60 missed the sighting).
 */
class RecordReadTest {

  private static final String ID = ClusterWorkflow.workflowId("lab");

  @Test
  void aReadInTheRecordsFirstTaskSeesTheSightingSentBeforeIt() {
    try (TestWorkflowEnvironment env = RecordEnvironment.create()) {
      env.newWorker(TaskQueues.WORKER)
          .registerWorkflowImplementationTypes(ClusterWorkflowImpl.class);
      WorkflowClient client = env.getWorkflowClient();
      ClusterWorkflow record =
          client.newWorkflowStub(
              ClusterWorkflow.class,
              WorkflowOptions.newBuilder()
                  .setWorkflowId(ID)
                  .setTaskQueue(TaskQueues.WORKER)
                  .build());
      WorkflowClient.start(record::run, ClusterRecord.empty("lab"));
      record.noteAgentSeen(new AgentSeen("master1", 15_000, 0));
      CompletableFuture<ClusterRecord> read =
          CompletableFuture.supplyAsync(
              () ->
                  WorkflowStub.fromTyped(record)
                      .startUpdate(
                          UpdateOptions.newBuilder(ClusterRecord.class)
                              .setUpdateName("read")
                              .setUpdateId("first-read")
                              .setWaitForStage(WorkflowUpdateStage.ACCEPTED)
                              .build())
                      .getResult());
      awaitAdmitted(env, "first-read");

      env.start();

      assertThat(read.join().agentSeen("master1")).isPresent();
      assertThat(client.fetchHistory(ID).getEvents())
          .as("the start, the sighting and the read in one workflow task")
          .extracting(e -> e.getEventType().name().replace("EVENT_TYPE_", ""))
          .startsWith(
              "WORKFLOW_EXECUTION_STARTED",
              "WORKFLOW_TASK_SCHEDULED",
              "WORKFLOW_EXECUTION_SIGNALED",
              "WORKFLOW_TASK_STARTED",
              "WORKFLOW_TASK_COMPLETED",
              "WORKFLOW_EXECUTION_UPDATE_ACCEPTED");
    }
  }

  /** Until the server holds the update: no worker polls yet, so it waits for the first task. */
  private static void awaitAdmitted(TestWorkflowEnvironment env, String updateId) {
    PollWorkflowExecutionUpdateRequest poll =
        PollWorkflowExecutionUpdateRequest.newBuilder()
            .setNamespace(env.getNamespace())
            .setUpdateRef(
                UpdateRef.newBuilder()
                    .setWorkflowExecution(WorkflowExecution.newBuilder().setWorkflowId(ID))
                    .setUpdateId(updateId))
            .setWaitPolicy(
                WaitPolicy.newBuilder()
                    .setLifecycleStage(
                        UpdateWorkflowExecutionLifecycleStage
                            .UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ADMITTED))
            .build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try {
        env.getWorkflowServiceStubs()
            .blockingStub()
            .withDeadlineAfter(1, TimeUnit.SECONDS)
            .pollWorkflowExecutionUpdate(poll);
        return;
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() != Status.Code.NOT_FOUND || System.nanoTime() > deadline) {
          throw e;
        }
      }
    }
  }
}
