package io.etcddr.engine;

import java.util.Map;
import java.util.Optional;

/** Numbers read out of a step's outputs, for the drill metrics and the doctor's report. */
public final class StepFigures {

  private StepFigures() {}

  /** A number among a step's outputs; a fan-out step's outputs are by node, so the first node's. */
  public static Optional<Number> number(Object outputs, String name) {
    if (!(outputs instanceof Map<?, ?> map)) {
      return Optional.empty();
    }
    if (map.get(name) instanceof Number n) {
      return Optional.of(n);
    }
    return map.values().stream()
        .filter(Map.class::isInstance)
        .findFirst()
        .flatMap(byNode -> number(byNode, name));
  }
}
