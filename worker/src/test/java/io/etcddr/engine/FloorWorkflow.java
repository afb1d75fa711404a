package io.etcddr.engine;

import io.etcddr.contract.TaskQueues;
import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The scale benchmark's floor: a learner-drill's activities in its order, written as plain SDK code
 * with no interpreter, no plan, no expressions — what Temporal and the server cost for the same
 * shape of run, so the interpreter's own share is the difference.
 */
@WorkflowInterface
public interface FloorWorkflow {

  /** The drill's activities: type and the queue it runs on ("" = the worker's). */
  List<List<String>> DRILL_SHAPE =
      List.of(
          List.of("etcd.status", ""),
          List.of("inventory.node", ""),
          List.of("etcd.waitCaughtUp", ""),
          List.of("etcd.snapshot", "n1"),
          List.of("docker.inspect", "n1"),
          List.of("etcd.restoreSingleNode", "n1"),
          List.of("docker.runEtcd", "n1"),
          List.of("etcd.verify", ""),
          List.of("cluster.recordDrill", ""),
          List.of("docker.remove", "n1"),
          List.of("host.files", "n1"));

  @WorkflowMethod
  int run();

  /** Each activity in turn, against the stand-ins. */
  final class Impl implements FloorWorkflow {
    @Override
    public int run() {
      for (List<String> step : DRILL_SHAPE) {
        String queue = step.get(1).isEmpty() ? TaskQueues.WORKER : TaskQueues.node(step.get(1));
        Workflow.newUntypedActivityStub(
                ActivityOptions.newBuilder()
                    .setTaskQueue(queue)
                    .setStartToCloseTimeout(Duration.ofMinutes(1))
                    .build())
            .execute(step.get(0), Map.class, Map.of());
      }
      return DRILL_SHAPE.size();
    }
  }
}
