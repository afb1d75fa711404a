package io.etcddr.runbook.validate;

import io.etcddr.runbook.diagnostics.DiagnosticCode;
import io.etcddr.runbook.diagnostics.Diagnostics;
import io.etcddr.runbook.diagnostics.SourceSpan;
import io.etcddr.runbook.model.RunbookSpec;
import io.etcddr.runbook.model.RunbookSpec.AlertTriggerSpec;
import io.etcddr.runbook.model.RunbookSpec.InputSpec;
import io.etcddr.runbook.model.RunbookSpec.ScheduleSpec;
import io.etcddr.runbook.model.ValueType;
import io.etcddr.runbook.validate.ExpressionChecker.Context;
import io.etcddr.runbook.yaml.YamlNode;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks the ways a runbook starts by itself: `schedule:` (cron and literal inputs) and
 * `triggers.alerts` (inputs computed from the alert). Both must give every required input.
 */
final class EntryPointValidator {

  private final Diagnostics diagnostics;
  private final ExpressionChecker expressions;
  private final Map<String, ValueType> inputs;
  private final List<InputSpec> declared;

  EntryPointValidator(
      Diagnostics diagnostics,
      ExpressionChecker expressions,
      Map<String, ValueType> inputs,
      List<InputSpec> declared) {
    this.diagnostics = diagnostics;
    this.expressions = expressions;
    this.inputs = inputs;
    this.declared = declared;
  }

  void validate(RunbookSpec spec) {
    if (spec.schedule() != null) {
      schedule(spec.schedule());
    }
    Context alertContext = new Context(Symbols.alertScope(), Set.of("alert"), null, null);
    for (AlertTriggerSpec trigger : spec.triggers()) {
      givenInputs(
          trigger.inputs(),
          trigger.span(),
          "this alert trigger",
          DiagnosticCode.TRIGGER,
          alertContext);
    }
  }

  private void schedule(ScheduleSpec schedule) {
    if (schedule.cron() != null) {
      CronSyntax.problem(schedule.cron().value())
          .ifPresent(
              problem ->
                  diagnostics.error(
                      schedule.cron().span(),
                      DiagnosticCode.BAD_CRON,
                      problem,
                      "write five fields, e.g. `0 3 * * *` for 03:00 every day, or `@daily`"));
    }
    givenInputs(
        schedule.inputs(), schedule.span(), "the schedule", DiagnosticCode.SCHEDULE_INPUTS, null);
  }

  /**
   * @param context where expressions may be used, or null where only literals are allowed
   */
  private void givenInputs(
      YamlNode.Mapping given, SourceSpan at, String what, DiagnosticCode code, Context context) {
    if (given != null) {
      for (YamlNode.Entry entry : given.entries()) {
        String name = entry.key().name();
        ValueType type = inputs.get(name);
        if (type == null) {
          diagnostics.error(
              entry.key().span(),
              code,
              what + " gives `" + name + "`, which is not an input of this runbook",
              RunbookValidator.inputHint(name, inputs));
        } else if (context == null && RunbookValidator.isExpression(entry.value())) {
          diagnostics.error(
              entry.value().span(),
              code,
              what + " gives `" + name + "` an expression; scheduled inputs are fixed values",
              "write a literal " + type + " value");
        } else {
          expressions.checkValue(entry.value(), type, "input `" + name + "`", context);
        }
      }
    }
    for (InputSpec input : declared) {
      boolean needed = input.required() && input.defaultValue() == null;
      if (needed && (given == null || given.get(input.name().value()).isEmpty())) {
        diagnostics.error(
            given == null ? at : given.span(),
            code,
            what + " does not give the required input `" + input.name().value() + "`",
            "add `" + input.name().value() + ":` under its `inputs:`");
      }
    }
  }
}
