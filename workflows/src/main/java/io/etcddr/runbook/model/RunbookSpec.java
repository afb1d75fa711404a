package io.etcddr.runbook.model;

import io.etcddr.runbook.diagnostics.SourceSpan;
import io.etcddr.runbook.yaml.YamlNode;
import java.time.Duration;
import java.util.List;

/**
 * A runbook as written, with positions: what the reader could make of the YAML. Fields the author
 * left out, or wrote so badly that they could not be read, are null (their diagnostics are already
 * reported).
 */
public record RunbookSpec(
    String file,
    Located<String> name,
    String description,
    List<InputSpec> inputs,
    ScheduleSpec schedule,
    List<AlertTriggerSpec> triggers,
    List<StepSpec> steps,
    List<StepSpec> onFailure,
    List<OutputSpec> outputs,
    SourceSpan span) {

  public RunbookSpec {
    inputs = List.copyOf(inputs);
    triggers = List.copyOf(triggers);
    steps = List.copyOf(steps);
    onFailure = List.copyOf(onFailure);
    outputs = List.copyOf(outputs);
  }

  /** One entry of `outputs:`: a name and the value (usually one expression) it has at the end. */
  public record OutputSpec(Located<String> name, YamlNode value) {}

  /** One declared input of the runbook. */
  public record InputSpec(
      Located<String> name,
      ValueType type,
      boolean required,
      YamlNode defaultValue,
      String description) {}

  /**
   * `schedule:` — a cron, how far each firing may be delayed at random (null: not at all), and the
   * inputs each scheduled run gets.
   */
  public record ScheduleSpec(
      Located<String> cron, Located<Duration> jitter, YamlNode.Mapping inputs, SourceSpan span) {}

  /** One entry of `triggers.alerts`: label matchers and the inputs to start with. */
  public record AlertTriggerSpec(
      YamlNode.Mapping match, YamlNode.Mapping inputs, SourceSpan span) {}

  /** `approval:` of a step. */
  public record ApprovalSpec(
      YamlNode prompt,
      Located<Duration> timeout,
      List<String> approvers,
      Located<Integer> people,
      List<Located<String>> roles,
      SourceSpan span) {
    public ApprovalSpec {
      approvers = List.copyOf(approvers);
      roles = List.copyOf(roles);
    }
  }

  /** `retry:` of a step; absent fields are null and take Temporal's defaults. */
  public record RetrySpec(
      Integer maxAttempts,
      Located<Duration> initialInterval,
      Double backoffCoefficient,
      Located<Duration> maximumInterval,
      List<String> nonRetryable,
      SourceSpan span) {
    public RetrySpec {
      nonRetryable = List.copyOf(nonRetryable);
    }
  }

  /**
   * One step. {@code needs} is null when the author did not write it (the default: the previous
   * step). {@code undoes}, on an onFailure step, names the step whose effect it reverses: it runs
   * only when that step started.
   */
  public record StepSpec(
      Located<String> id,
      String name,
      StepKind kind,
      Located<String> uses,
      ApprovalSpec approval,
      YamlNode fail,
      Located<String> runbook,
      YamlNode condition,
      List<Located<String>> needs,
      YamlNode on,
      YamlNode.Mapping with,
      RetrySpec retry,
      Located<Duration> timeout,
      Located<Duration> heartbeat,
      boolean continueOnError,
      Located<String> undoes,
      SourceSpan span) {}
}
