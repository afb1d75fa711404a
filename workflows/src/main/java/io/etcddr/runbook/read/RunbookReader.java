package io.etcddr.runbook.read;

import io.etcddr.runbook.diagnostics.DiagnosticCode;
import io.etcddr.runbook.diagnostics.Diagnostics;
import io.etcddr.runbook.diagnostics.SourceSpan;
import io.etcddr.runbook.diagnostics.Suggestions;
import io.etcddr.runbook.model.Located;
import io.etcddr.runbook.model.RunbookSpec;
import io.etcddr.runbook.model.RunbookSpec.AlertTriggerSpec;
import io.etcddr.runbook.model.RunbookSpec.InputSpec;
import io.etcddr.runbook.model.RunbookSpec.ScheduleSpec;
import io.etcddr.runbook.model.RunbookSpec.StepSpec;
import io.etcddr.runbook.model.ValueType;
import io.etcddr.runbook.yaml.YamlNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Binds a YAML tree to a {@link RunbookSpec}, reporting every key and shape problem it meets and
 * reading on past them, so that one pass shows the author everything.
 */
public final class RunbookReader {

  public static final String API_VERSION = "etcd-dr/v1";
  public static final String KIND = "Runbook";

  public static final List<String> TOP_KEYS =
      List.of(
          "apiVersion",
          "kind",
          "metadata",
          "inputs",
          "schedule",
          "triggers",
          "steps",
          "onFailure",
          "outputs");
  public static final List<String> METADATA_KEYS = List.of("name", "description", "labels");
  public static final List<String> INPUT_KEYS =
      List.of("type", "required", "default", "description");
  public static final List<String> SCHEDULE_KEYS = List.of("cron", "jitter", "inputs");
  public static final List<String> TRIGGER_KEYS = List.of("alerts");
  public static final List<String> ALERT_KEYS = List.of("match", "inputs");

  public static final Pattern RUNBOOK_NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
  public static final Pattern INPUT_NAME = Pattern.compile("[a-z][a-zA-Z0-9_]{0,62}");

  private final Diagnostics diagnostics;
  private final NodeReader read;
  private final StepReader steps;

  public RunbookReader(Diagnostics diagnostics) {
    this.diagnostics = diagnostics;
    this.read = new NodeReader(diagnostics);
    this.steps = new StepReader(diagnostics, read);
  }

  /** The runbook, or empty when the root is not even a mapping. */
  public Optional<RunbookSpec> read(String file, YamlNode root) {
    YamlNode.Mapping top = read.mapping(root, "a runbook");
    if (top == null) {
      return Optional.empty();
    }
    read.keys(top, "the runbook", TOP_KEYS, List.of("apiVersion", "kind", "metadata", "steps"));
    top.get("apiVersion").ifPresent(this::checkApiVersion);
    top.get("kind").ifPresent(this::checkKind);

    Located<String> name = null;
    String description = null;
    YamlNode.Mapping metadata =
        top.get("metadata").map(n -> read.mapping(n, "`metadata`")).orElse(null);
    if (metadata != null) {
      read.keys(metadata, "`metadata`", METADATA_KEYS, List.of("name"));
      name = metadata.get("name").map(n -> read.string(n, "`metadata.name`")).orElse(null);
      if (name != null && !RUNBOOK_NAME.matcher(name.value()).matches()) {
        diagnostics.error(
            name.span(),
            DiagnosticCode.BAD_NAME,
            "runbook name `" + name.value() + "` is not a valid name",
            "use lower-case letters, digits and `-`, at most 63 characters, e.g. `failover-to-learner`");
      }
      description =
          metadata
              .get("description")
              .map(n -> read.string(n, "`metadata.description`"))
              .map(Located::value)
              .orElse(null);
      metadata.get("labels").ifPresent(n -> read.mapping(n, "`metadata.labels`"));
    }

    List<StepSpec> mainSteps =
        top.get("steps").map(n -> steps.readAll(n, "`steps`", true)).orElse(List.of());
    List<StepSpec> onFailure =
        top.get("onFailure").map(n -> steps.readAll(n, "`onFailure`", false)).orElse(List.of());
    return Optional.of(
        new RunbookSpec(
            file,
            name,
            description,
            top.get("inputs").map(this::inputs).orElse(List.of()),
            top.get("schedule").map(this::schedule).orElse(null),
            top.get("triggers").map(this::triggers).orElse(List.of()),
            mainSteps,
            onFailure,
            top.get("outputs").map(this::outputs).orElse(List.of()),
            top.span()));
  }

  /** `outputs:` — name → value; names as input names (CEL identifiers). */
  private List<RunbookSpec.OutputSpec> outputs(YamlNode node) {
    YamlNode.Mapping map = read.mapping(node, "`outputs`");
    if (map == null) {
      return List.of();
    }
    List<RunbookSpec.OutputSpec> outputs = new ArrayList<>();
    for (YamlNode.Entry entry : map.entries()) {
      String name = entry.key().name();
      if (!INPUT_NAME.matcher(name).matches()) {
        diagnostics.error(
            entry.key().span(),
            DiagnosticCode.BAD_NAME,
            "output name `" + name + "` is not a valid name",
            "use a letter, then letters, digits or `_`, e.g. `rpoRevisions`");
        continue;
      }
      outputs.add(
          new RunbookSpec.OutputSpec(new Located<>(name, entry.key().span()), entry.value()));
    }
    return outputs;
  }

  private void checkApiVersion(YamlNode node) {
    Located<String> version = read.string(node, "`apiVersion`");
    if (version != null && !API_VERSION.equals(version.value())) {
      diagnostics.error(
          node.span(),
          DiagnosticCode.BAD_API_VERSION,
          "apiVersion `" + version.value() + "` is not supported",
          "write `apiVersion: " + API_VERSION + "`");
    }
  }

  private void checkKind(YamlNode node) {
    Located<String> kind = read.string(node, "`kind`");
    if (kind != null && !KIND.equals(kind.value())) {
      diagnostics.error(
          node.span(),
          DiagnosticCode.BAD_KIND,
          "kind `" + kind.value() + "` is not a runbook",
          "write `kind: " + KIND + "`");
    }
  }

  private List<InputSpec> inputs(YamlNode node) {
    YamlNode.Mapping inputs = read.mapping(node, "`inputs`");
    if (inputs == null) {
      return List.of();
    }
    List<InputSpec> out = new ArrayList<>();
    for (YamlNode.Entry entry : inputs.entries()) {
      Located<String> name = new Located<>(entry.key().name(), entry.key().span());
      if (!INPUT_NAME.matcher(name.value()).matches()) {
        diagnostics.error(
            name.span(),
            DiagnosticCode.BAD_INPUT_NAME,
            "input name `" + name.value() + "` cannot be used in expressions",
            "start with a lower-case letter, then letters, digits or `_` (no `-`), e.g. `"
                + name.value().replace('-', '_').toLowerCase()
                + "`");
      }
      out.add(input(name, entry.value()));
    }
    return out;
  }

  private InputSpec input(Located<String> name, YamlNode node) {
    String what = "input `" + name.value() + "`";
    YamlNode.Mapping decl = read.mapping(node, what);
    if (decl == null) {
      return new InputSpec(name, null, false, null, null);
    }
    read.keys(decl, what, INPUT_KEYS, List.of("type"));
    ValueType type = null;
    Located<String> typeText =
        decl.get("type").map(n -> read.string(n, what + " type")).orElse(null);
    if (typeText != null) {
      type = ValueType.parse(typeText.value()).filter(ValueType.INPUT_TYPES::contains).orElse(null);
      if (type == null) {
        diagnostics.error(
            typeText.span(),
            DiagnosticCode.UNKNOWN_INPUT_TYPE,
            "unknown input type `" + typeText.value() + "`",
            Suggestions.hint(
                typeText.value(),
                ValueType.INPUT_TYPES.stream().map(ValueType::spelling).toList()));
      }
    }
    boolean required =
        Boolean.TRUE.equals(
            decl.get("required").map(n -> read.bool(n, what + " required")).orElse(null));
    String description =
        decl.get("description")
            .map(n -> read.string(n, what + " description"))
            .map(Located::value)
            .orElse(null);
    return new InputSpec(name, type, required, decl.get("default").orElse(null), description);
  }

  private ScheduleSpec schedule(YamlNode node) {
    YamlNode.Mapping schedule = read.mapping(node, "`schedule`");
    if (schedule == null) {
      return null;
    }
    read.keys(schedule, "`schedule`", SCHEDULE_KEYS, List.of("cron"));
    Located<String> cron =
        schedule.get("cron").map(n -> read.string(n, "`schedule.cron`")).orElse(null);
    Located<Duration> jitter =
        schedule.get("jitter").map(n -> read.duration(n, "`schedule.jitter`")).orElse(null);
    YamlNode.Mapping inputs =
        schedule.get("inputs").map(n -> read.mapping(n, "`schedule.inputs`")).orElse(null);
    return new ScheduleSpec(cron, jitter, inputs, schedule.span());
  }

  private List<AlertTriggerSpec> triggers(YamlNode node) {
    YamlNode.Mapping triggers = read.mapping(node, "`triggers`");
    if (triggers == null) {
      return List.of();
    }
    read.keys(triggers, "`triggers`", TRIGGER_KEYS, List.of("alerts"));
    YamlNode.Sequence alerts =
        triggers.get("alerts").map(n -> read.sequence(n, "`triggers.alerts`")).orElse(null);
    if (alerts == null) {
      return List.of();
    }
    List<AlertTriggerSpec> out = new ArrayList<>();
    for (YamlNode item : alerts.items()) {
      YamlNode.Mapping alert = read.mapping(item, "an alert trigger");
      if (alert == null) {
        continue;
      }
      read.keys(alert, "an alert trigger", ALERT_KEYS, List.of("match"));
      YamlNode.Mapping match = alert.get("match").map(n -> read.mapping(n, "`match`")).orElse(null);
      if (match != null) {
        match
            .entries()
            .forEach(e -> read.text(e.value(), "label matcher `" + e.key().name() + "`"));
        if (match.entries().isEmpty()) {
          diagnostics.error(
              match.span(),
              DiagnosticCode.TRIGGER,
              "`match` has no label matchers, so every alert would start this runbook",
              "match at least `alertname`, e.g. `match: { alertname: EtcdQuorumLost }`");
        }
      }
      YamlNode.Mapping inputs =
          alert.get("inputs").map(n -> read.mapping(n, "`inputs`")).orElse(null);
      out.add(new AlertTriggerSpec(match, inputs, alert.span()));
    }
    return out;
  }

  static SourceSpan spanOf(YamlNode.Mapping mapping, String key) {
    return mapping.keyOf(key).map(YamlNode.Key::span).orElse(mapping.span());
  }
}
