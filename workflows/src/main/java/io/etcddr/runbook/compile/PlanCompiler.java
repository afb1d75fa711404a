package io.etcddr.runbook.compile;

import io.etcddr.contract.Placement;
import io.etcddr.contract.PlanInput;
import io.etcddr.runbook.catalog.ActivityCatalog;
import io.etcddr.runbook.catalog.ActivityDefinition;
import io.etcddr.runbook.expr.Template;
import io.etcddr.runbook.expr.TemplateParser;
import io.etcddr.runbook.model.Located;
import io.etcddr.runbook.model.RunbookSpec;
import io.etcddr.runbook.model.RunbookSpec.StepSpec;
import io.etcddr.runbook.model.StepKind;
import io.etcddr.runbook.validate.Analysis;
import io.etcddr.runbook.validate.StepGraph;
import io.etcddr.runbook.yaml.YamlNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Turns a validated runbook into its {@link Plan}. Only called when validation found no error. */
final class PlanCompiler {

  /** An activity step without `timeout:` may run this long per attempt. */
  static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

  /**
   * Fields an activity step's `retry:` leaves out. Temporal's own default retries forever, which
   * hides a broken step in the middle of a disaster; a few quick attempts fail it visibly.
   */
  static final PlanRetry DEFAULT_RETRY =
      new PlanRetry(3, Duration.ofSeconds(1), 2.0, Duration.ofSeconds(30), List.of());

  private PlanCompiler() {}

  static Plan compile(RunbookSpec spec, Analysis analysis, String sourceSha256) {
    return new Plan(
        spec.name().value(),
        spec.description(),
        sourceSha256,
        spec.inputs().stream()
            .map(
                i ->
                    new PlanInput(
                        i.name().value(),
                        i.type().spelling(),
                        i.required(),
                        i.defaultValue() == null
                            ? null
                            : PlainValues.normalize(i.defaultValue().toPlain()),
                        i.description()))
            .toList(),
        steps(spec.steps(), analysis.steps(), analysis),
        steps(spec.onFailure(), analysis.onFailure(), analysis),
        spec.schedule() == null
            ? null
            : new PlanSchedule(
                spec.schedule().cron().value(),
                spec.schedule().jitter() == null ? null : spec.schedule().jitter().value(),
                plainMap(spec.schedule().inputs())),
        spec.triggers().stream()
            .map(t -> new PlanTrigger(labels(t.match()), plainMap(t.inputs())))
            .toList(),
        outputs(spec.outputs()));
  }

  private static Map<String, Object> outputs(List<RunbookSpec.OutputSpec> outputs) {
    Map<String, Object> plain = new java.util.LinkedHashMap<>();
    outputs.forEach(o -> plain.put(o.name().value(), PlainValues.normalize(o.value().toPlain())));
    return plain;
  }

  private static List<PlanStep> steps(List<StepSpec> steps, StepGraph graph, Analysis analysis) {
    return steps.stream().map(s -> step(s, graph, analysis)).toList();
  }

  private static PlanStep step(StepSpec step, StepGraph graph, Analysis analysis) {
    String id = step.id().value();
    Placement placement = null;
    if (step.kind() == StepKind.USES) {
      placement =
          ActivityCatalog.find(step.uses().value())
              .map(ActivityDefinition::placement)
              .orElseThrow();
    }
    return new PlanStep(
        id,
        step.name(),
        step.kind(),
        step.uses() == null ? null : step.uses().value(),
        placement,
        step.on() == null ? null : step.on().toPlain(),
        analysis.fansOut(id),
        graph.needsOf(id),
        condition(step.condition()),
        plainMap(step.with()),
        step.kind() == StepKind.USES ? retry(step.retry()) : null,
        step.kind() == StepKind.USES && step.timeout() == null
            ? DEFAULT_TIMEOUT
            : value(step.timeout()),
        value(step.heartbeat()),
        step.continueOnError(),
        step.approval() == null
            ? null
            : new PlanApproval(
                step.approval().prompt() == null
                    ? null
                    : (String) step.approval().prompt().toPlain(),
                value(step.approval().timeout()),
                step.approval().approvers(),
                step.approval().people() == null ? null : step.approval().people().value(),
                step.approval().roles().stream().map(Located::value).toList()),
        step.fail() == null ? null : (String) step.fail().toPlain(),
        step.runbook() == null ? null : step.runbook().value(),
        step.undoes() == null ? null : step.undoes().value());
  }

  /** `if:` as bare CEL: the {@code ${{ }}} around it, if written, is removed. */
  private static String condition(YamlNode node) {
    if (node == null) {
      return null;
    }
    Object plain = node.toPlain();
    if (plain instanceof Boolean flag) {
      return flag.toString();
    }
    try {
      Template template = TemplateParser.parse((String) plain);
      return template instanceof Template.Whole whole
          ? whole.source().trim()
          : ((String) plain).trim();
    } catch (TemplateParser.UnterminatedException e) {
      throw new IllegalStateException("validated runbook has a broken `if`", e);
    }
  }

  private static PlanRetry retry(RunbookSpec.RetrySpec retry) {
    if (retry == null) {
      return DEFAULT_RETRY;
    }
    // Keep initial <= maximum when only one of them is written, as Temporal requires.
    Duration max = value(retry.maximumInterval());
    Duration initial =
        orDefault(
            value(retry.initialInterval()),
            max == null || max.compareTo(DEFAULT_RETRY.initialInterval()) > 0
                ? DEFAULT_RETRY.initialInterval()
                : max);
    if (max == null) {
      max =
          initial.compareTo(DEFAULT_RETRY.maximumInterval()) > 0
              ? initial
              : DEFAULT_RETRY.maximumInterval();
    }
    return new PlanRetry(
        retry.maxAttempts() == null ? DEFAULT_RETRY.maxAttempts() : retry.maxAttempts(),
        initial,
        retry.backoffCoefficient() == null
            ? DEFAULT_RETRY.backoffCoefficient()
            : retry.backoffCoefficient(),
        max,
        retry.nonRetryable());
  }

  private static Duration orDefault(Duration value, Duration fallback) {
    return value == null ? fallback : value;
  }

  private static Duration value(Located<Duration> located) {
    return located == null ? null : located.value();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> plainMap(YamlNode.Mapping mapping) {
    return mapping == null ? Map.of() : (Map<String, Object>) mapping.toPlain();
  }

  private static Map<String, String> labels(YamlNode.Mapping match) {
    Map<String, String> out = new TreeMap<>();
    match.entries().forEach(e -> out.put(e.key().name(), ((YamlNode.Scalar) e.value()).text()));
    return out;
  }
}
