package io.etcddr.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.etcddr.contract.cluster.ClusterWorkflow;
import io.etcddr.contract.cluster.FenceCommand;
import io.etcddr.contract.cluster.FenceReport;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Cluster records run for months: one recorded by an earlier version (histories/cluster,
 * NAME-vN.json) must replay with today's code, and so must a fresh one of the same story. The
 * story: two nodes ordered fenced, one reports itself fenced at boot, the other's order withdrawn.
 * v0 cancelled the booted node's delivery; since `deliveries-run-out` v1 it runs out.
 */
class ClusterRecordReplayTest {

  private static final Path RECORDED =
      Path.of("src", "test", "resources", "histories", "cluster", "boot-fence-v0.json");

  @Test
  void aRecordFromBeforeDeliveriesRanOutReplays() throws Exception {
    WorkflowExecutionHistory history =
        WorkflowExecutionHistory.fromJson(
            Files.readString(RECORDED, StandardCharsets.UTF_8), ClusterWorkflow.workflowId("lab"));
    assertThat(history.getEvents().toString()).contains("ACTIVITY_TASK_CANCEL_REQUESTED");

    replay(history);
  }

  @Test
  void aFreshRecordOfTheSameStoryReplays() throws Exception {
    WorkflowExecutionHistory history;
    try (TestWorkflowEnvironment env = RecordEnvironment.create()) {
      ClusterWorkflow record = RecordEnvironment.startRecord(env);
      record.fence(
          new FenceCommand(
              List.of(), List.of("master1", "master2"), null, null, "failover/lab", "run-1"));
      FenceReport atBoot =
          new FenceReport("master1", List.of(), List.of("etcd"), "/aside", true, null, 7L, 0L);
      record.fence(
          new FenceCommand(List.of(atBoot), List.of(), null, null, "failover/lab", "run-1"));
      record.withdrawFences("failover/lab", "run-1");
      record.record();
      history = env.getWorkflowClient().fetchHistory(ClusterWorkflow.workflowId("lab"));
    }
    assertThat(history.getEvents()).hasSizeGreaterThan(10);

    replay(history);
  }

  private static void replay(WorkflowExecutionHistory history) throws Exception {
    try (TestWorkflowEnvironment env = RecordEnvironment.create()) {
      WorkflowReplayer.replayWorkflowExecution(history, env, ClusterWorkflowImpl.class);
    }
  }
}
