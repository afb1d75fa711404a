package io.etcddr.runbook.validate;

import io.etcddr.contract.FailureType;
import io.etcddr.contract.Placement;
import io.etcddr.runbook.catalog.ActivityCatalog;
import io.etcddr.runbook.catalog.ActivityDefinition;
import io.etcddr.runbook.catalog.Field;
import io.etcddr.runbook.diagnostics.DiagnosticCode;
import io.etcddr.runbook.diagnostics.Diagnostics;
import io.etcddr.runbook.diagnostics.Suggestions;
import io.etcddr.runbook.model.Located;
import io.etcddr.runbook.model.RunbookLibrary;
import io.etcddr.runbook.model.RunbookSpec.ApprovalSpec;
import io.etcddr.runbook.model.RunbookSpec.InputSpec;
import io.etcddr.runbook.model.RunbookSpec.RetrySpec;
import io.etcddr.runbook.model.RunbookSpec.StepSpec;
import io.etcddr.runbook.model.ValueType;
import io.etcddr.runbook.validate.ExpressionChecker.Context;
import io.etcddr.runbook.yaml.YamlNode;
import java.util.List;
import java.util.Optional;

/** The checks of one step: its kind's fields, `with` against the catalog, expressions, policies. */
final class StepValidator {

  private final Diagnostics diagnostics;
  private final ExpressionChecker expressions;
  private final RunbookLibrary library;

  /** More would be a committee, not an approval; a typo such as 20 for 2 is caught. */
  static final int MAX_PEOPLE = 9;

  StepValidator(Diagnostics diagnostics, ExpressionChecker expressions, RunbookLibrary library) {
    this.diagnostics = diagnostics;
    this.expressions = expressions;
    this.library = library;
  }

  void validate(StepSpec step, Context context) {
    String what = "step `" + step.id().value() + "`";
    if (step.condition() != null) {
      expressions.checkCondition(step.condition(), context);
    }
    if (step.kind() != null) {
      switch (step.kind()) {
        case USES -> uses(step, what, context);
        case APPROVAL -> {
          if (step.approval() != null && step.approval().prompt() != null) {
            expressions.checkValue(
                step.approval().prompt(), ValueType.STRING, "the prompt", context);
          }
          if (step.approval() != null) {
            approvalGate(step.approval());
          }
        }
        case FAIL -> {
          if (step.fail() != null) {
            expressions.checkValue(step.fail(), ValueType.STRING, "`fail`", context);
          }
        }
        case RUNBOOK -> childRunbook(step, what, context);
      }
    }
    if (step.retry() != null) {
      retry(step.retry());
    }
    if (step.heartbeat() != null
        && step.timeout() != null
        && step.heartbeat().value().compareTo(step.timeout().value()) >= 0) {
      diagnostics.error(
          step.heartbeat().span(),
          DiagnosticCode.BAD_HEARTBEAT,
          what + " heartbeat is not shorter than its timeout, so it can never detect a stall",
          "make `heartbeat` a fraction of `timeout`, e.g. timeout 10m with heartbeat 30s");
    }
  }

  private void uses(StepSpec step, String what, Context context) {
    if (step.uses() == null) {
      return;
    }
    Optional<ActivityDefinition> found = ActivityCatalog.find(step.uses().value());
    if (found.isEmpty()) {
      diagnostics.error(
          step.uses().span(),
          DiagnosticCode.UNKNOWN_ACTIVITY,
          "unknown activity `" + step.uses().value() + "`",
          Suggestions.hint(step.uses().value(), ActivityCatalog.names()));
      if (step.with() != null) {
        // The fields are unknown, but the expressions in them can still be checked.
        expressions.checkValue(step.with(), ValueType.MAP, "`with`", context);
      }
      return;
    }
    ActivityDefinition activity = found.get();
    placement(step, activity, what, context);
    with(step.with(), activity.inputs(), step, what, "activity `" + activity.name() + "`", context);
  }

  private void placement(StepSpec step, ActivityDefinition activity, String what, Context context) {
    if (step.on() != null && activity.placement() == Placement.WORKER) {
      diagnostics.error(
          step.on().span(),
          DiagnosticCode.ON_NOT_ALLOWED,
          "`" + activity.name() + "` runs on the worker; `on:` has no meaning for it",
          "remove `on:` from " + what);
    } else if (step.on() == null && activity.placement() == Placement.NODE) {
      diagnostics.error(
          step.id().span(),
          DiagnosticCode.ON_MISSING,
          "`" + activity.name() + "` runs on a node, but " + what + " has no `on:`",
          "add `on: ${{ inputs.<node input> }}` naming the node (or a list of nodes)");
    } else if (step.on() != null) {
      expressions.checkOn(step.on(), context);
    }
  }

  /** `with:` against declared fields: unknown keys, missing required ones, value types. */
  private void with(
      YamlNode.Mapping with,
      List<Field> fields,
      StepSpec step,
      String what,
      String target,
      Context context) {
    List<String> names = fields.stream().map(Field::name).toList();
    if (with != null) {
      for (YamlNode.Entry entry : with.entries()) {
        String key = entry.key().name();
        Optional<Field> field = fields.stream().filter(f -> f.name().equals(key)).findFirst();
        if (field.isEmpty()) {
          diagnostics.error(
              entry.key().span(),
              DiagnosticCode.UNKNOWN_WITH,
              target + " takes no `" + key + "`",
              names.isEmpty() ? "it takes no `with:` at all" : Suggestions.hint(key, names));
        } else {
          expressions.checkValue(entry.value(), field.get().type(), "`" + key + "`", context);
        }
      }
    }
    for (Field field : fields) {
      if (field.required() && (with == null || with.get(field.name()).isEmpty())) {
        diagnostics.error(
            with == null ? step.id().span() : with.span(),
            DiagnosticCode.MISSING_WITH,
            what + " does not give " + target + " its required `" + field.name() + "`",
            "add `"
                + field.name()
                + ":` ("
                + field.type()
                + ": "
                + field.description()
                + ") under `with:`");
      }
    }
  }

  private void childRunbook(StepSpec step, String what, Context context) {
    if (step.runbook() == null) {
      return;
    }
    Optional<List<InputSpec>> inputs = library.inputsOf(step.runbook().value());
    if (inputs.isEmpty()) {
      diagnostics.error(
          step.runbook().span(),
          DiagnosticCode.UNKNOWN_RUNBOOK,
          "no runbook named `" + step.runbook().value() + "` in the library",
          library.names().isEmpty()
              ? "put it beside this file, with that `metadata.name`"
              : Suggestions.hint(step.runbook().value(), library.names()));
      return;
    }
    List<Field> fields =
        inputs.get().stream()
            .filter(i -> i.type() != null)
            .map(
                i ->
                    new Field(
                        i.name().value(),
                        i.type(),
                        i.required() && i.defaultValue() == null,
                        i.description() == null
                            ? "an input of the child runbook"
                            : i.description()))
            .toList();
    with(step.with(), fields, step, what, "runbook `" + step.runbook().value() + "`", context);
  }

  private void retry(RetrySpec retry) {
    for (String type : retry.nonRetryable()) {
      if (!FailureType.names().contains(type)) {
        badRetry(
            retry,
            "`nonRetryable` names `" + type + "`, which no step fails with",
            Suggestions.hint(type, FailureType.names()));
      }
    }
    if (retry.maxAttempts() != null && retry.maxAttempts() < 1) {
      badRetry(retry, "`maxAttempts` is " + retry.maxAttempts(), "use 1 or more (1 = no retry)");
    }
    if (retry.backoffCoefficient() != null && retry.backoffCoefficient() < 1.0) {
      badRetry(
          retry,
          "`backoffCoefficient` is " + retry.backoffCoefficient(),
          "use 1.0 or more; below 1 the intervals would shrink");
    }
    if (retry.initialInterval() != null
        && retry.maximumInterval() != null
        && retry.maximumInterval().value().compareTo(retry.initialInterval().value()) < 0) {
      diagnostics.error(
          retry.maximumInterval().span(),
          DiagnosticCode.BAD_RETRY,
          "`maximumInterval` is shorter than `initialInterval`",
          "make `maximumInterval` at least `initialInterval`");
    }
  }

  /** `people` and `roles`: how many verified persons must agree, and what they must be. */
  private void approvalGate(ApprovalSpec approval) {
    Located<Integer> people = approval.people();
    if (people != null && (people.value() < 1 || people.value() > MAX_PEOPLE)) {
      diagnostics.error(
          people.span(),
          DiagnosticCode.BAD_APPROVAL,
          "`people` is " + people.value(),
          "use 1 to " + MAX_PEOPLE + " (2 for a second person who must agree)");
    } else if (people != null
        && !approval.approvers().isEmpty()
        && people.value() > approval.approvers().size()) {
      diagnostics.error(
          people.span(),
          DiagnosticCode.BAD_APPROVAL,
          "`people` is "
              + people.value()
              + " but `approvers` names only "
              + approval.approvers().size(),
          "name at least as many approvers as people, or lower `people`");
    }
    for (Located<String> role : approval.roles()) {
      if (!role.value().matches("[a-z][a-z0-9-]*")) {
        diagnostics.error(
            role.span(),
            DiagnosticCode.BAD_APPROVAL,
            "role `" + role.value() + "` is not a role name",
            "write roles in lower case, as in the users file: sre, dba, on-call");
      }
    }
  }

  private void badRetry(RetrySpec retry, String message, String hint) {
    diagnostics.error(retry.span(), DiagnosticCode.BAD_RETRY, message, hint);
  }
}
