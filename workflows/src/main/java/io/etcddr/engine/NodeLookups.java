package io.etcddr.engine;

import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A cluster's deploy node and CA node, looked up once per run by an activity. Workflow threads
 * interleave while an activity is awaited, so the memo holds the lookup's promise, put in place
 * before anyone waits: a second step asking meanwhile waits for the same answer instead of racing
 * the map (a blocking call inside {@code computeIfAbsent} threw ConcurrentModificationException).
 */
final class NodeLookups {

  private final EngineActivities engine;
  private final Map<String, Promise<String>> deployNodes = new LinkedHashMap<>();
  private final Map<String, Promise<String>> caNodes = new LinkedHashMap<>();

  NodeLookups(EngineActivities engine) {
    this.engine = engine;
  }

  String deployNode(String cluster) {
    return deployNodes.computeIfAbsent(cluster, c -> Async.function(engine::deployNode, c)).get();
  }

  String caNode(String cluster) {
    return caNodes.computeIfAbsent(cluster, c -> Async.function(engine::caNode, c)).get();
  }
}
