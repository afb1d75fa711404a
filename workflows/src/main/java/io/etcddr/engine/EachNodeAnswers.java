package io.etcddr.engine;

import io.etcddr.contract.CompositeKind;
import io.etcddr.contract.DurationText;
import io.etcddr.contract.StepContext;
import io.etcddr.contract.TaskQueues;
import io.etcddr.runbook.catalog.Composite;
import io.etcddr.runbook.compile.PlanStep;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A composite of kind {@link CompositeKind#EACH_NODE_ANSWERS} (the catalog's `agents.probe`): its
 * one part on each node's own task queue, which must start within the timeout. A real Temporal
 * server could list a queue's pollers, but the Java test server answers DescribeTaskQueue with
 * UNIMPLEMENTED; a probe works on both, and proves more: the agent took work.
 */
final class EachNodeAnswers {

  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  private EachNodeAnswers() {}

  @SuppressWarnings("unchecked")
  static Map<String, Object> run(
      PlanStep step, Composite composite, Object with, String workflowId) {
    Map<String, Object> request = (Map<String, Object>) with;
    List<String> nodes = new ArrayList<>();
    ((List<Object>) request.getOrDefault("nodes", List.of()))
        .forEach(n -> nodes.add(String.valueOf(n)));
    Duration timeout =
        request.get("timeout") == null
            ? DEFAULT_TIMEOUT
            : DurationText.parse(String.valueOf(request.get("timeout"))).orElse(DEFAULT_TIMEOUT);
    List<Promise<Object>> pings = new ArrayList<>();
    for (String node : nodes) {
      ActivityOptions options =
          ActivityOptions.newBuilder()
              .setTaskQueue(TaskQueues.node(node))
              .setScheduleToStartTimeout(timeout)
              .setStartToCloseTimeout(Duration.ofSeconds(10))
              .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
              .setSummary("is the agent of " + node + " there?")
              .build();
      StepContext context =
          new StepContext(
              workflowId,
              Workflow.getInfo().getRunId(),
              step.id(),
              node,
              workflowId + "/" + step.id() + "/" + node);
      pings.add(
          Workflow.newUntypedActivityStub(options)
              .executeAsync(composite.part(0), Object.class, Map.of(), context));
    }
    List<String> answering = new ArrayList<>();
    List<String> unreachable = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      try {
        pings.get(i).get();
        answering.add(nodes.get(i));
      } catch (ActivityFailure noAnswer) {
        unreachable.add(nodes.get(i));
      }
    }
    Map<String, Object> outputs = new LinkedHashMap<>();
    outputs.put("answering", answering);
    outputs.put("unreachable", unreachable);
    return outputs;
  }
}
