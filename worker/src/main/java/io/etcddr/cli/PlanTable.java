package io.etcddr.cli;

import io.etcddr.contract.DurationText;
import io.etcddr.runbook.compile.Plan;
import io.etcddr.runbook.compile.PlanRetry;
import io.etcddr.runbook.compile.PlanStep;
import io.etcddr.runbook.expr.ExpressionEvaluator;
import io.etcddr.text.TextTable;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The plan as an operator reads it before a run: one row per step. */
final class PlanTable {

  private static final String[] HEADER = {
    "STEP", "KIND", "RUNS ON", "NEEDS", "RETRY", "TIMEOUT", "CONDITION"
  };

  private final Plan plan;
  private final Map<String, Object> inputs;
  private final ExpressionEvaluator evaluator = new ExpressionEvaluator();

  PlanTable(Plan plan, Map<String, Object> inputs) {
    this.plan = plan;
    this.inputs = inputs;
  }

  void print(PrintWriter out) {
    out.println(
        "runbook "
            + plan.runbook()
            + (plan.description() == null ? "" : " — " + plan.description()));
    inputs.forEach(
        (k, v) ->
            out.println(
                "  input " + k + " = " + ("".equals(v) ? "\"\"" : ExpressionEvaluator.asText(v))));
    if (plan.schedule() != null) {
      out.println(
          "  schedule "
              + plan.schedule().cron()
              + (plan.schedule().jitter().isZero()
                  ? ""
                  : " (jitter " + DurationText.format(plan.schedule().jitter()) + ")")
              + " with "
              + plan.schedule().inputs());
    }
    plan.triggers().forEach(t -> out.println("  trigger on alerts matching " + t.match()));
    out.println();
    table(out, plan.steps());
    if (!plan.onFailure().isEmpty()) {
      out.println();
      out.println("on failure:");
      table(out, plan.onFailure());
    }
    if (!plan.outputs().isEmpty()) {
      out.println();
      out.println("outputs:");
      List<String[]> rows = new ArrayList<>();
      plan.outputs()
          .forEach((name, value) -> rows.add(new String[] {"  " + name, String.valueOf(value)}));
      TextTable.print(out, rows);
    }
  }

  private void table(PrintWriter out, List<PlanStep> steps) {
    List<String[]> rows = new ArrayList<>();
    rows.add(HEADER);
    for (PlanStep step : steps) {
      rows.add(
          new String[] {
            step.id(),
            step.kindLabel(),
            runsOn(step),
            step.needs().isEmpty() ? "-" : String.join(",", step.needs()),
            retry(step.retry()),
            timeout(step),
            step.undoes() != null
                ? "undoes "
                    + step.undoes()
                    + (step.condition() == null ? "" : "; " + step.condition())
                : step.condition() == null ? "-" : step.condition()
          });
    }
    TextTable.print(out, rows);
  }

  /** The nodes a step runs on, resolved from the inputs where the plan can know them. */
  private String runsOn(PlanStep step) {
    if (step.on() == null) {
      return step.runsOn();
    }
    Map<String, Object> variables = new HashMap<>();
    inputs.forEach((k, v) -> variables.put("inputs." + k, v));
    try {
      Object nodes = evaluator.render(step.on(), variables);
      String shown =
          nodes instanceof List<?> list
              ? String.join(",", list.stream().map(String::valueOf).toList())
              : String.valueOf(nodes);
      return step.fanOut() ? "[" + shown + "]" : shown;
    } catch (RuntimeException e) {
      return String.valueOf(step.on()); // depends on earlier steps: known only at run time
    }
  }

  private static String retry(PlanRetry retry) {
    if (retry == null) {
      return "-";
    }
    StringBuilder out = new StringBuilder();
    out.append(retry.maxAttempts() == null ? "∞" : retry.maxAttempts()).append("x");
    if (retry.initialInterval() != null) {
      out.append(" ").append(DurationText.format(retry.initialInterval()));
    }
    if (retry.backoffCoefficient() != null) {
      out.append(" *").append(retry.backoffCoefficient());
    }
    if (retry.maximumInterval() != null) {
      out.append(" ≤").append(DurationText.format(retry.maximumInterval()));
    }
    return out.toString();
  }

  private static String timeout(PlanStep step) {
    Duration timeout = step.approval() != null ? step.approval().timeout() : step.timeout();
    String text = timeout == null ? "-" : DurationText.format(timeout);
    return step.heartbeat() == null
        ? text
        : text + " (hb " + DurationText.format(step.heartbeat()) + ")";
  }
}
