package io.etcddr.runbook.catalog;

import io.etcddr.contract.Placement;
import java.util.List;
import java.util.Optional;

/**
 * A catalog entry: the name a runbook writes after `uses:`, where it runs, what it takes and what
 * it returns; for a composite, which activities the interpreter runs for it.
 */
public record ActivityDefinition(
    String name,
    Placement placement,
    String description,
    List<Field> inputs,
    List<Field> outputs,
    Composite composite) {

  public ActivityDefinition {
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
  }

  /** One activity of its own name: what nearly every entry is. */
  public ActivityDefinition(
      String name,
      Placement placement,
      String description,
      List<Field> inputs,
      List<Field> outputs) {
    this(name, placement, description, inputs, outputs, null);
  }

  /** How the interpreter runs it, when it is a composite of other activities. */
  public Optional<Composite> asComposite() {
    return Optional.ofNullable(composite);
  }

  public Optional<Field> input(String key) {
    return inputs.stream().filter(f -> f.name().equals(key)).findFirst();
  }
}
