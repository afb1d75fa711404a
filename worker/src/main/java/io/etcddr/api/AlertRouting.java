package io.etcddr.api;

import io.etcddr.runbook.compile.Plan;
import io.etcddr.runbook.compile.PlanTrigger;
import io.etcddr.runbook.expr.ExpressionEvaluator;
import io.etcddr.runbook.inputs.InputBinder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which runbooks a firing alert starts: every runbook with a `triggers.alerts` entry whose label
 * matchers all equal the alert's labels (the first such entry of each runbook), with the inputs
 * that entry's expressions compute from the alert.
 */
final class AlertRouting {

  /** A runbook the alert starts, with its bound inputs, or the reason it cannot. */
  record Routed(Plan plan, Map<String, Object> inputs, String problem) {}

  private AlertRouting() {}

  static List<Routed> route(List<Plan> plans, AlertmanagerMessage.Alert alert) {
    List<Routed> out = new ArrayList<>();
    for (Plan plan : plans) {
      plan.triggers().stream()
          .filter(trigger -> matches(trigger, alert.labels()))
          .findFirst()
          .ifPresent(trigger -> out.add(inputs(plan, trigger, alert)));
    }
    return out;
  }

  static boolean matches(PlanTrigger trigger, Map<String, String> labels) {
    return trigger.match().entrySet().stream()
        .allMatch(m -> m.getValue().equals(labels.get(m.getKey())));
  }

  private static Routed inputs(Plan plan, PlanTrigger trigger, AlertmanagerMessage.Alert alert) {
    try {
      @SuppressWarnings("unchecked")
      Map<String, Object> given =
          (Map<String, Object>)
              new ExpressionEvaluator().render(trigger.inputs(), variables(alert));
      return new Routed(plan, InputBinder.bind(plan.inputs(), given), null);
    } catch (ExpressionEvaluator.EvaluationException | InputBinder.InputException e) {
      return new Routed(plan, null, "runbook `" + plan.runbook() + "`: " + e.getMessage());
    }
  }

  /** The `alert.*` variables a trigger's expressions read (see the validator's symbols). */
  static Map<String, Object> variables(AlertmanagerMessage.Alert alert) {
    Map<String, Object> variables = new LinkedHashMap<>();
    variables.put("alert.labels", alert.labels());
    variables.put(
        "alert.annotations", alert.annotations() == null ? Map.of() : alert.annotations());
    variables.put("alert.status", alert.status());
    variables.put("alert.startsAt", alert.startsAt() == null ? "" : alert.startsAt());
    variables.put("alert.fingerprint", alert.fingerprint() == null ? "" : alert.fingerprint());
    return variables;
  }
}
