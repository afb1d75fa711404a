package io.etcddr.runbook.validate;

import dev.cel.common.types.CelType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import io.etcddr.runbook.expr.ExpressionScope;
import io.etcddr.runbook.model.ValueType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the expressions of one runbook may name: its inputs, its steps' outputs, and the fixed roots
 * `run`, `alert` (triggers only) and `failure` (onFailure only).
 */
final class Symbols {

  /** A step as expressions see it: outputs by name, or a map per node for a fan-out. */
  record StepSymbol(String id, Map<String, ValueType> outputs, boolean fanOut) {}

  static final Map<String, ValueType> RUN = ordered("id", "runbook", "startTime");
  static final Map<String, ValueType> FAILURE = ordered("step", "message");
  static final Map<String, CelType> ALERT =
      Map.of(
          "alert.labels", MapType.create(SimpleType.STRING, SimpleType.STRING),
          "alert.annotations", MapType.create(SimpleType.STRING, SimpleType.STRING),
          "alert.status", SimpleType.STRING,
          "alert.startsAt", SimpleType.STRING,
          "alert.fingerprint", SimpleType.STRING);

  final Map<String, ValueType> inputs;

  /** Keyed by the step's expression name ({@code -} written as {@code _}). */
  final Map<String, StepSymbol> steps;

  Symbols(Map<String, ValueType> inputs, Map<String, StepSymbol> steps) {
    this.inputs = inputs;
    this.steps = steps;
  }

  /** The scope of step fields; {@code withFailure} adds `failure.*` for onFailure steps. */
  ExpressionScope stepScope(boolean withFailure) {
    Map<String, CelType> vars = new LinkedHashMap<>();
    inputs.forEach((name, type) -> vars.put("inputs." + name, type.celType()));
    RUN.forEach((name, type) -> vars.put("run." + name, type.celType()));
    if (withFailure) {
      FAILURE.forEach((name, type) -> vars.put("failure." + name, type.celType()));
    }
    steps.forEach(
        (celName, step) -> {
          String prefix = "steps." + celName + ".outputs";
          if (step.fanOut()) {
            vars.put(prefix, MapType.create(SimpleType.STRING, ValueType.MAP.celType()));
          } else {
            step.outputs().forEach((out, type) -> vars.put(prefix + "." + out, type.celType()));
          }
        });
    return new ExpressionScope(vars);
  }

  static ExpressionScope alertScope() {
    return new ExpressionScope(ALERT);
  }

  static Set<String> alertFields() {
    return Set.of("labels", "annotations", "status", "startsAt", "fingerprint");
  }

  private static Map<String, ValueType> ordered(String... names) {
    Map<String, ValueType> out = new LinkedHashMap<>();
    List.of(names).forEach(n -> out.put(n, ValueType.STRING));
    return out;
  }
}
