package io.etcddr.runbook.catalog;

import io.etcddr.runbook.model.StepKind;
import io.etcddr.runbook.model.ValueType;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The outputs each kind of step declares, in order: an activity's from the catalog, an approval's
 * and a child run's fixed. The validator types expressions with them; the interpreter declares them
 * (as null) for a step that was skipped, so an expression may still name them.
 */
public final class StepOutputs {

  private static final Map<String, ValueType> APPROVAL =
      ordered("approved", ValueType.BOOL, "by", ValueType.STRING, "comment", ValueType.STRING);
  private static final Map<String, ValueType> CHILD =
      ordered("runId", ValueType.STRING, "status", ValueType.STRING);

  private StepOutputs() {}

  /**
   * @param uses the activity of a {@code uses:} step, else null
   */
  public static Map<String, ValueType> of(StepKind kind, String uses) {
    return switch (kind) {
      case APPROVAL -> APPROVAL;
      case RUNBOOK -> CHILD;
      case USES -> {
        Map<String, ValueType> outputs = new LinkedHashMap<>();
        if (uses != null) {
          ActivityCatalog.find(uses)
              .ifPresent(a -> a.outputs().forEach(f -> outputs.put(f.name(), f.type())));
        }
        yield outputs;
      }
      default -> Map.of();
    };
  }

  private static Map<String, ValueType> ordered(Object... pairs) {
    Map<String, ValueType> out = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      out.put((String) pairs[i], (ValueType) pairs[i + 1]);
    }
    return out;
  }
}
