package io.etcddr.runbook.catalog;

import java.util.List;
import java.util.Optional;

/**
 * A catalog entry: the name a runbook writes after `uses:`, where it runs, what it takes and what
 * it returns.
 */
public record ActivityDefinition(
    String name, Placement placement, String description, List<Field> inputs, List<Field> outputs) {

  public ActivityDefinition {
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
  }

  public Optional<Field> input(String key) {
    return inputs.stream().filter(f -> f.name().equals(key)).findFirst();
  }
}
