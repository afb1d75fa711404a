package io.etcddr.cluster;

import io.etcddr.contract.EngineDataConverter;
import io.etcddr.contract.TaskQueues;
import io.etcddr.contract.cluster.ClusterRecord;
import io.etcddr.contract.cluster.ClusterWorkflow;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;

/** The cluster record's tests: a test server with the engine's data converter, and the record. */
final class RecordEnvironment {

  private RecordEnvironment() {}

  /** A test server whose client speaks the engine's data converter; no worker yet. */
  static TestWorkflowEnvironment create() {
    return TestWorkflowEnvironment.newInstance(
        TestEnvironmentOptions.newBuilder()
            .setWorkflowClientOptions(
                WorkflowClientOptions.newBuilder()
                    .setDataConverter(EngineDataConverter.create())
                    .build())
            .build());
  }

  /** Starts the record of cluster `lab` on a worker of its own, as the worker process does. */
  static ClusterWorkflow startRecord(TestWorkflowEnvironment env) {
    env.newWorker(TaskQueues.WORKER).registerWorkflowImplementationTypes(ClusterWorkflowImpl.class);
    env.start();
    WorkflowClient client = env.getWorkflowClient();
    String id = ClusterWorkflow.workflowId("lab");
    ClusterWorkflow started =
        client.newWorkflowStub(
            ClusterWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(id)
                .setTaskQueue(TaskQueues.WORKER)
                .setWorkflowIdConflictPolicy(
                    WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
                .build());
    WorkflowClient.start(started::run, ClusterRecord.empty("lab"));
    return client.newWorkflowStub(ClusterWorkflow.class, id);
  }
}
