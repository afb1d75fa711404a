package io.etcddr.engine;

import io.etcddr.runbook.catalog.ActivityCatalog;
import io.etcddr.runbook.catalog.Field;
import io.temporal.activity.Activity;
import io.temporal.activity.DynamicActivity;
import io.temporal.common.converter.EncodedValues;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every catalog activity answered at once with outputs of the declared types (the engine's own
 * activities stay real): what the scale benchmark runs drills against, so that it measures the
 * interpreter and Temporal, not etcd. A status says the cluster has quorum, so a drill goes on.
 */
final class StandInActivities implements DynamicActivity {

  @Override
  public Object execute(EncodedValues args) {
    String type = Activity.getExecutionContext().getInfo().getActivityType();
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
