package io.etcddr.engine;

import io.etcddr.runbook.catalog.StepOutputs;
import io.etcddr.runbook.compile.PlanStep;
import io.etcddr.runbook.expr.ExpressionEvaluator;
import io.etcddr.runbook.expr.ExpressionScope;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The values expressions can see while a run goes on: inputs, `run.*`, the outputs of finished
 * steps, and `failure.*` once the run failed. Keys are the qualified names CEL resolves.
 */
final class RunVariables {

  private final Map<String, Object> values = new LinkedHashMap<>();
  private final ExpressionEvaluator evaluator = new ExpressionEvaluator();

  RunVariables(Map<String, Object> inputs, String runId, String runbook, String startTime) {
    inputs.forEach((name, value) -> values.put("inputs." + name, value));
    values.put("run.id", runId);
    values.put("run.runbook", runbook);
    values.put("run.startTime", startTime);
  }

  /** Records a step's outputs: each by name, or as one map node → outputs for a fan-out. */
  void recordOutputs(String stepId, Object outputs, boolean fanOut) {
    String prefix = "steps." + ExpressionScope.celName(stepId) + ".outputs";
    if (fanOut || !(outputs instanceof Map<?, ?> map)) {
      values.put(prefix, outputs);
      return;
    }
    map.forEach((name, value) -> values.put(prefix + "." + name, value));
  }

  /**
   * A skipped step's outputs are declared null (a fan-out's: no node), so an expression that names
   * them in a branch it does not take still compiles, and one that reads them gets null.
   */
  void recordSkipped(PlanStep step) {
    if (step.fanOut()) {
      recordOutputs(step.id(), Map.of(), true);
      return;
    }
    Map<String, Object> nulls = new LinkedHashMap<>();
    StepOutputs.of(step.kind(), step.uses()).keySet().forEach(name -> nulls.put(name, null));
    recordOutputs(step.id(), nulls, false);
  }

  void recordFailure(String stepId, String message) {
    values.put("failure.step", stepId == null ? "" : stepId);
    values.put("failure.message", message);
  }

  Object render(Object template) {
    return evaluator.render(template, values);
  }

  boolean condition(String source) {
    Object result = evaluator.evaluate(source, values);
    if (result instanceof Boolean flag) {
      return flag;
    }
    throw new ExpressionEvaluator.EvaluationException(
        "`if` gave " + ExpressionEvaluator.asText(result) + ", not true or false");
  }
}
