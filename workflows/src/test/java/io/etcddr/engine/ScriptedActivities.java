package io.etcddr.engine;

import io.etcddr.contract.StepContext;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.activity.DynamicActivity;
import io.temporal.common.converter.EncodedValues;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Test stand-ins for catalog activities, by type name: each does what the test scripts and every
 * call is logged with its task queue and attempt. Only for workflow-logic tests.
 */
final class ScriptedActivities implements DynamicActivity {

  /** What an activity does on one call. */
  @FunctionalInterface
  interface Behavior {
    Object call(Map<String, Object> with, StepContext context, ActivityExecutionContext activity)
        throws Exception;
  }

  /** One call as the activity saw it. */
  record Call(
      String type, String taskQueue, Map<String, Object> with, StepContext context, int attempt) {}

  private final Map<String, Behavior> behaviors = new ConcurrentHashMap<>();
  final List<Call> calls = new CopyOnWriteArrayList<>();

  ScriptedActivities on(String type, Behavior behavior) {
    behaviors.put(type, behavior);
    return this;
  }

  @Override
  @SuppressWarnings("unchecked")
  public Object execute(EncodedValues args) {
    ActivityExecutionContext activity = Activity.getExecutionContext();
    String type = activity.getInfo().getActivityType();
    Map<String, Object> with = args.get(0, Map.class);
    StepContext context = args.get(1, StepContext.class);
    calls.add(
        new Call(
            type,
            activity.getInfo().getActivityTaskQueue(),
            with,
            context,
            activity.getInfo().getAttempt()));
    Behavior behavior = behaviors.getOrDefault(type, (w, c, a) -> Map.of("ok", true));
    try {
      return behavior.call(with, context, activity);
    } catch (Exception e) {
      throw Activity.wrap(e);
    }
  }

  List<Call> callsOf(String type) {
    return calls.stream().filter(c -> c.type().equals(type)).toList();
  }
}
