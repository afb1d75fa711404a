package io.etcddr.cluster;

import io.etcddr.contract.StepContext;
import io.etcddr.contract.TaskQueues;
import io.etcddr.contract.cluster.ClusterWorkflow;
import io.etcddr.contract.cluster.FenceOrder;
import io.etcddr.contract.cluster.FenceReport;
import io.etcddr.contract.cluster.FenceRequest;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The record's fence orders on their way to the nodes: one `fence.node` activity per order, on the
 * node's own task queue. Workflow code: runs on the record's workflow threads.
 */
final class FenceDeliveries {

  static final String FENCE_ACTIVITY = "fence.node";

  private final String cluster;

  /** The record's orders by node: a delivery marks its order fenced when the node answers. */
  private final Map<String, FenceOrder> orders;

  private final Map<String, CancellationScope> running = new LinkedHashMap<>();

  FenceDeliveries(String cluster, Map<String, FenceOrder> orders) {
    this.cluster = cluster;
    this.orders = orders;
  }

  /**
   * Schedules the order on the node's own task queue with no limit on how long it waits there: the
   * agent takes it the moment it polls again. Retried without end until the node is fenced or the
   * order is withdrawn; a delivery lost with a cut link is retried within its heartbeat timeout.
   */
  void deliver(FenceOrder order) {
    ActivityOptions options =
        ActivityOptions.newBuilder()
            .setTaskQueue(TaskQueues.node(order.node()))
            .setStartToCloseTimeout(Duration.ofMinutes(5))
            // An order handed to a poll whose link was cut on the way back counts as started: the
            // agents heartbeat every running activity, so such a lost delivery is retried within
            // this instead of the whole start-to-close.
            .setHeartbeatTimeout(Duration.ofSeconds(20))
            .setRetryOptions(
                RetryOptions.newBuilder()
                    .setInitialInterval(Duration.ofSeconds(5))
                    .setBackoffCoefficient(2)
                    .setMaximumInterval(Duration.ofMinutes(1))
                    .build())
            .setSummary("fence " + order.node() + " (order " + order.orderId() + ")")
            .build();
    FenceRequest request =
        new FenceRequest(cluster, order.containers(), order.dataDir(), order.orderId());
    StepContext context =
        new StepContext(
            Workflow.getInfo().getWorkflowId(),
            Workflow.getInfo().getRunId(),
            "fence",
            order.node(),
            ClusterWorkflow.workflowId(cluster) + "/fence/" + order.node() + "/" + order.orderId());
    CancellationScope[] scope = new CancellationScope[1];
    scope[0] =
        Workflow.newCancellationScope(
            () ->
                Async.procedure(
                    () -> {
                      try {
                        FenceReport report =
                            Workflow.newUntypedActivityStub(options)
                                .execute(FENCE_ACTIVITY, FenceReport.class, request, context);
                        fenced(order, report);
                      } catch (CanceledFailure withdrawn) {
                        // withdrawn, or carried over to a new run (records begun before v1)
                      } finally {
                        running.remove(order.node(), scope[0]);
                      }
                    }));
    running.put(order.node(), scope[0]);
    scope[0].run();
  }

  /** The order was withdrawn: it must not be carried out. */
  void cancel(String node) {
    CancellationScope delivery = running.remove(node);
    if (delivery != null) {
      delivery.cancel("the order was replaced or withdrawn");
    }
  }

  /** The node reported itself fenced (its boot check read the order from the record). */
  void nodeReportedFenced(String node) {
    if (!runOut()) {
      cancel(node);
    }
  }

  /** The record continues as new; the new run delivers the orders still waiting again. */
  void beforeContinueAsNew() {
    if (!runOut()) {
      running.values().forEach(CancellationScope::cancel);
    }
  }

  /** A report from the node keeps the first one: an order fenced at boot keeps that report. */
  private void fenced(FenceOrder order, FenceReport report) {
    FenceOrder current = orders.get(order.node());
    if (current != null
        && current.orderId().equals(order.orderId())
        && current.state() == FenceOrder.State.ORDERED) {
      orders.put(
          order.node(),
          current.with(FenceOrder.State.FENCED, Workflow.currentTimeMillis(), report));
    }
  }

  /**
   * Whether a delivery runs out by itself rather than being cancelled when its node reports itself
   * fenced or the record continues as new (runs begun since `deliveries-run-out` v1). fence.node is
   * idempotent, so a delivery that reaches an already fenced node does no harm; a cancel can race
   * the node's own agent completing that very delivery, and the Java test server answers such a
   * cancel with ACTIVITY_UNKNOWN and keeps its half-applied completion, so the record takes no
   * change again (docs/facts.md). A withdrawn order is still cancelled.
   */
  private static boolean runOut() {
    return Workflow.getVersion("deliveries-run-out", Workflow.DEFAULT_VERSION, 1) >= 1;
  }
}
