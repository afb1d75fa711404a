package io.etcddr.engine;

import io.etcddr.runbook.catalog.ActivityCatalog;
import io.etcddr.runbook.catalog.Field;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.activity.DynamicActivity;
import io.temporal.client.ActivityCompletionClient;
import io.temporal.common.converter.EncodedValues;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Every catalog activity answered with outputs of the declared types (the engine's own activities
 * stay real): what the scale benchmark runs drills against, so that it measures the interpreter and
 * Temporal, not etcd. A status says the cluster has quorum, so a drill goes on. With a duration,
 * each answer to a paced run (workflow id starting {@value #PACED}) comes that long after the task
 * arrived, completed from a timer thread so that a waiting step holds no activity slot — as a real
 * snapshot or restore takes its time.
 */
final class StandInActivities implements DynamicActivity {

  static final String PACED = "paced-";

  private final ActivityCompletionClient completions;
  private final Duration duration;
  private final ScheduledExecutorService timer;

  StandInActivities(ActivityCompletionClient completions, Duration duration) {
    this.completions = completions;
    this.duration = duration;
    this.timer = duration.isZero() ? null : Executors.newSingleThreadScheduledExecutor();
  }

  @Override
  public Object execute(EncodedValues args) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    Map<String, Object> outputs = outputs(context.getInfo().getActivityType());
    if (timer == null || !context.getInfo().getWorkflowId().startsWith(PACED)) {
      return outputs;
    }
    byte[] token = context.getTaskToken();
    context.doNotCompleteOnReturn();
    timer.schedule(
        () -> completions.complete(token, outputs), duration.toMillis(), TimeUnit.MILLISECONDS);
    return null;
  }

  private static Map<String, Object> outputs(String type) {
    Map<String, Object> outputs = new LinkedHashMap<>();
    ActivityCatalog.find(type)
        .ifPresent(
            definition -> definition.outputs().forEach(f -> outputs.put(f.name(), value(f))));
    if (type.equals("etcd.status")) {
      outputs.put("quorum", true);
    }
    return outputs;
  }

  private static Object value(Field field) {
    return switch (field.type()) {
      case STRING, DURATION, NODE -> "stand-in";
      case INT -> 1L;
      case BOOL -> false;
      case DOUBLE -> 1.0;
      case LIST_NODE, LIST_STRING, LIST_MAP -> List.of();
      case MAP, ANY -> Map.of();
    };
  }
}
