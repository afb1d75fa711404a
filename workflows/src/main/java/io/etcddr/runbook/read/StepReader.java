package io.etcddr.runbook.read;

import io.etcddr.runbook.diagnostics.DiagnosticCode;
import io.etcddr.runbook.diagnostics.Diagnostics;
import io.etcddr.runbook.model.Located;
import io.etcddr.runbook.model.RunbookSpec.ApprovalSpec;
import io.etcddr.runbook.model.RunbookSpec.RetrySpec;
import io.etcddr.runbook.model.RunbookSpec.StepSpec;
import io.etcddr.runbook.model.StepKind;
import io.etcddr.runbook.yaml.YamlNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads the `steps:` and `onFailure:` lists. */
final class StepReader {

  static final List<String> STEP_KEYS =
      List.of(
          "id",
          "name",
          "uses",
          "approval",
          "fail",
          "runbook",
          "if",
          "needs",
          "on",
          "with",
          "retry",
          "timeout",
          "heartbeat",
          "continueOnError",
          "undoes");
  static final List<String> APPROVAL_KEYS =
      List.of("prompt", "timeout", "approvers", "people", "roles");
  static final List<String> RETRY_KEYS =
      List.of(
          "maxAttempts",
          "initialInterval",
          "backoffCoefficient",
          "maximumInterval",
          "nonRetryable");
  static final Pattern STEP_ID = Pattern.compile("[a-z][a-z0-9-]{0,62}");

  /** Which fields make sense for which kind of step; the rest are refused. */
  private static final Map<StepKind, Set<String>> NOT_FOR_KIND =
      Map.of(
          StepKind.USES, Set.of(),
          StepKind.APPROVAL, Set.of("on", "with", "retry", "heartbeat", "continueOnError"),
          StepKind.FAIL, Set.of("on", "with", "retry", "timeout", "heartbeat", "continueOnError"),
          StepKind.RUNBOOK, Set.of("on", "heartbeat"));

  private final Diagnostics diagnostics;
  private final NodeReader read;

  StepReader(Diagnostics diagnostics, NodeReader read) {
    this.diagnostics = diagnostics;
    this.read = read;
  }

  List<StepSpec> readAll(YamlNode node, String what, boolean mustHaveSteps) {
    YamlNode.Sequence list = read.sequence(node, what);
    if (list == null) {
      return List.of();
    }
    if (list.items().isEmpty() && mustHaveSteps) {
      diagnostics.error(
          list.span(),
          DiagnosticCode.EMPTY_STEPS,
          what + " is empty",
          "a runbook needs at least one step");
    }
    List<StepSpec> out = new ArrayList<>();
    for (YamlNode item : list.items()) {
      YamlNode.Mapping step = read.mapping(item, "a step");
      if (step != null) {
        out.add(step(step));
      }
    }
    return out;
  }

  private StepSpec step(YamlNode.Mapping step) {
    read.keys(step, "a step", STEP_KEYS, List.of("id"));
    Located<String> id = step.get("id").map(n -> read.string(n, "step `id`")).orElse(null);
    if (id != null && !STEP_ID.matcher(id.value()).matches()) {
      diagnostics.error(
          id.span(),
          DiagnosticCode.BAD_STEP_ID,
          "step id `" + id.value() + "` is not a valid id",
          "start with a lower-case letter, then lower-case letters, digits and `-`");
    }
    String what = id == null ? "this step" : "step `" + id.value() + "`";
    StepKind kind = kind(step, what);
    if (kind != null) {
      for (String field : NOT_FOR_KIND.get(kind)) {
        step.keyOf(field)
            .ifPresent(
                key ->
                    diagnostics.error(
                        key.span(),
                        DiagnosticCode.FIELD_NOT_FOR_KIND,
                        "`" + field + "` has no meaning on a step of kind `" + kind.key() + "`",
                        "remove `" + field + "` from " + what));
      }
    }
    Located<String> name = step.get("name").map(n -> read.string(n, what + " `name`")).orElse(null);
    return new StepSpec(
        id,
        name == null ? null : name.value(),
        kind,
        step.get("uses").map(n -> read.string(n, what + " `uses`")).orElse(null),
        step.get("approval").map(n -> approval(n, what)).orElse(null),
        step.get("fail").map(n -> failMessage(n, what)).orElse(null),
        step.get("runbook").map(n -> read.string(n, what + " `runbook`")).orElse(null),
        step.get("if").orElse(null),
        step.get("needs").map(n -> read.strings(n, what + " `needs`")).orElse(null),
        step.get("on").orElse(null),
        step.get("with").map(n -> read.mapping(n, what + " `with`")).orElse(null),
        step.get("retry").map(n -> retry(n, what)).orElse(null),
        step.get("timeout").map(n -> read.duration(n, what + " `timeout`")).orElse(null),
        step.get("heartbeat").map(n -> read.duration(n, what + " `heartbeat`")).orElse(null),
        Boolean.TRUE.equals(
            step.get("continueOnError")
                .map(n -> read.bool(n, what + " `continueOnError`"))
                .orElse(null)),
        step.get("undoes").map(n -> read.string(n, what + " `undoes`")).orElse(null),
        step.span());
  }

  private StepKind kind(YamlNode.Mapping step, String what) {
    List<StepKind> kinds =
        Arrays.stream(StepKind.values()).filter(k -> step.get(k.key()).isPresent()).toList();
    if (kinds.size() == 1) {
      return kinds.get(0);
    }
    String keys = "`uses`, `approval`, `fail` or `runbook`";
    if (kinds.isEmpty()) {
      diagnostics.error(
          step.span(),
          DiagnosticCode.STEP_KIND,
          what + " does nothing",
          "give it exactly one of " + keys);
    } else {
      diagnostics.error(
          RunbookReader.spanOf(step, kinds.get(1).key()),
          DiagnosticCode.STEP_KIND,
          what + " has both `" + kinds.get(0).key() + "` and `" + kinds.get(1).key() + "`",
          "split it into two steps; a step has exactly one of " + keys);
    }
    return null;
  }

  private YamlNode failMessage(YamlNode node, String what) {
    return read.string(node, what + " `fail`") == null ? null : node;
  }

  private ApprovalSpec approval(YamlNode node, String what) {
    YamlNode.Mapping approval = read.mapping(node, what + " `approval`");
    if (approval == null) {
      return null;
    }
    read.keys(approval, what + " `approval`", APPROVAL_KEYS, List.of("prompt"));
    YamlNode prompt = approval.get("prompt").orElse(null);
    if (prompt != null && read.string(prompt, what + " approval prompt") == null) {
      prompt = null;
    }
    Located<Duration> timeout =
        approval.get("timeout").map(n -> read.duration(n, what + " approval timeout")).orElse(null);
    List<String> approvers =
        approval
            .get("approvers")
            .map(n -> read.strings(n, what + " `approvers`"))
            .map(l -> l.stream().map(Located::value).toList())
            .orElse(List.of());
    Located<Integer> people =
        approval
            .get("people")
            .map(
                n -> {
                  Integer count = read.integer(n, what + " approval `people`");
                  return count == null ? null : new Located<>(count, n.span());
                })
            .orElse(null);
    List<Located<String>> roles =
        approval
            .get("roles")
            .map(n -> read.strings(n, what + " approval `roles`"))
            .orElse(List.of());
    return new ApprovalSpec(prompt, timeout, approvers, people, roles, approval.span());
  }

  private RetrySpec retry(YamlNode node, String what) {
    YamlNode.Mapping retry = read.mapping(node, what + " `retry`");
    if (retry == null) {
      return null;
    }
    read.keys(retry, what + " `retry`", RETRY_KEYS, List.of());
    return new RetrySpec(
        retry.get("maxAttempts").map(n -> read.integer(n, "`maxAttempts`")).orElse(null),
        retry.get("initialInterval").map(n -> read.duration(n, "`initialInterval`")).orElse(null),
        retry
            .get("backoffCoefficient")
            .map(n -> read.number(n, "`backoffCoefficient`"))
            .orElse(null),
        retry.get("maximumInterval").map(n -> read.duration(n, "`maximumInterval`")).orElse(null),
        retry
            .get("nonRetryable")
            .map(n -> read.strings(n, "`nonRetryable`"))
            .map(l -> l.stream().map(Located::value).toList())
            .orElse(List.of()),
        retry.span());
  }
}
