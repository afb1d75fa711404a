package io.etcddr.runbook.validate;

import io.etcddr.runbook.catalog.StepOutputs;
import io.etcddr.runbook.diagnostics.DiagnosticCode;
import io.etcddr.runbook.diagnostics.Diagnostics;
import io.etcddr.runbook.diagnostics.Suggestions;
import io.etcddr.runbook.expr.ExpressionScope;
import io.etcddr.runbook.model.RunbookLibrary;
import io.etcddr.runbook.model.RunbookSpec;
import io.etcddr.runbook.model.RunbookSpec.InputSpec;
import io.etcddr.runbook.model.RunbookSpec.StepSpec;
import io.etcddr.runbook.model.ValueType;
import io.etcddr.runbook.validate.ExpressionChecker.Context;
import io.etcddr.runbook.yaml.SourceText;
import io.etcddr.runbook.yaml.YamlNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The semantic checks of a runbook that the reader could bind: inputs, step ids, the needs graphs,
 * every step, the schedule and the alert triggers. Reports everything it finds.
 */
public final class RunbookValidator {

  private final Diagnostics diagnostics;
  private final SourceText source;
  private final RunbookLibrary library;

  public RunbookValidator(Diagnostics diagnostics, SourceText source, RunbookLibrary library) {
    this.diagnostics = diagnostics;
    this.source = source;
    this.library = library;
  }

  public Analysis validate(RunbookSpec spec) {
    Map<String, ValueType> inputs = inputs(spec.inputs());
    uniqueIds(spec);
    StepGraph main = StepGraph.build(spec.steps(), diagnostics);
    StepGraph onFailure = StepGraph.build(spec.onFailure(), diagnostics);
    Map<String, Boolean> fanOut = fanOut(spec, inputs);
    Symbols symbols = new Symbols(inputs, stepSymbols(spec, fanOut));
    ExpressionChecker expressions = new ExpressionChecker(diagnostics, source, symbols);
    StepValidator steps = new StepValidator(diagnostics, expressions, library);

    ExpressionScope mainScope = symbols.stepScope(false);
    Set<String> mainRoots = new LinkedHashSet<>(List.of("inputs", "steps", "run"));
    for (StepSpec step : spec.steps()) {
      if (step.id() != null) {
        String id = step.id().value();
        steps.validate(step, new Context(mainScope, mainRoots, id, main.upstreamOf(id)));
      }
    }
    ExpressionScope failureScope = symbols.stepScope(true);
    Set<String> failureRoots = new LinkedHashSet<>(List.of("inputs", "steps", "run", "failure"));
    Set<String> mainIds = new HashSet<>();
    spec.steps().stream().filter(s -> s.id() != null).forEach(s -> mainIds.add(s.id().value()));
    for (StepSpec step : spec.onFailure()) {
      if (step.id() != null) {
        String id = step.id().value();
        Set<String> readable = new HashSet<>(mainIds);
        readable.addAll(onFailure.upstreamOf(id));
        steps.validate(step, new Context(failureScope, failureRoots, id, readable));
      }
    }
    // Outputs are evaluated when the run ends: every main step may have run before them.
    Context atTheEnd = new Context(mainScope, mainRoots, null, mainIds);
    for (RunbookSpec.OutputSpec output : spec.outputs()) {
      expressions.checkValue(
          output.value(), ValueType.ANY, "output `" + output.name().value() + "`", atTheEnd);
    }
    undoes(spec, mainIds);
    new EntryPointValidator(diagnostics, expressions, inputs, spec.inputs()).validate(spec);
    return new Analysis(main, onFailure, fanOut);
  }

  /** `undoes:` names a step of `steps`, and only an onFailure step can undo one. */
  private void undoes(RunbookSpec spec, Set<String> mainIds) {
    for (StepSpec step : spec.steps()) {
      if (step.undoes() != null) {
        diagnostics.error(
            step.undoes().span(),
            DiagnosticCode.UNDOES,
            "`undoes` has no meaning in `steps`",
            "move the compensating step to `onFailure`, or remove `undoes`");
      }
    }
    for (StepSpec step : spec.onFailure()) {
      if (step.undoes() != null && !mainIds.contains(step.undoes().value())) {
        diagnostics.error(
            step.undoes().span(),
            DiagnosticCode.UNDOES,
            "`undoes: " + step.undoes().value() + "` names no step of `steps`",
            "name the step this one reverses: " + Suggestions.hint(step.undoes().value(), mainIds));
      }
    }
  }

  private Map<String, ValueType> inputs(List<InputSpec> declared) {
    Map<String, ValueType> types = new LinkedHashMap<>();
    for (InputSpec input : declared) {
      if (input.type() != null) {
        types.put(input.name().value(), input.type());
      }
      if (input.defaultValue() == null) {
        continue;
      }
      if (input.required()) {
        diagnostics.error(
            input.defaultValue().span(),
            DiagnosticCode.REQUIRED_WITH_DEFAULT,
            "input `" + input.name().value() + "` is required and has a default",
            "drop `required: true` (the default makes it optional) or drop the default");
      }
      Object plain = input.defaultValue().toPlain();
      boolean expression = plain instanceof String s && s.contains("${{");
      if (input.type() != null && (expression || !input.type().accepts(plain))) {
        diagnostics.error(
            input.defaultValue().span(),
            DiagnosticCode.BAD_DEFAULT,
            "default of input `"
                + input.name().value()
                + "` is not a "
                + input.type()
                + (expression ? " (defaults cannot hold expressions)" : ""),
            "write a literal " + input.type() + " value");
      }
    }
    return types;
  }

  private void uniqueIds(RunbookSpec spec) {
    Map<String, StepSpec> seen = new HashMap<>();
    List<StepSpec> all = new ArrayList<>(spec.steps());
    all.addAll(spec.onFailure());
    for (StepSpec step : all) {
      if (step.id() == null) {
        continue;
      }
      StepSpec first = seen.putIfAbsent(step.id().value(), step);
      if (first != null) {
        diagnostics.error(
            step.id().span(),
            DiagnosticCode.DUPLICATE_STEP_ID,
            "step id `"
                + step.id().value()
                + "` is already used at line "
                + first.id().span().line(),
            "give every step of `steps` and `onFailure` its own id");
      }
    }
  }

  /**
   * Which steps fan out. Decided from `on:` alone, before the outputs of steps are declared (their
   * declaration depends on it): first in a scope of inputs only, then, for an `on:` that reads
   * other steps (`${{ steps.probe.outputs.answering }}`), with those steps declared as the first
   * pass found them. Problems are reported later.
   */
  private Map<String, Boolean> fanOut(RunbookSpec spec, Map<String, ValueType> inputs) {
    List<StepSpec> all = new ArrayList<>(spec.steps());
    all.addAll(spec.onFailure());
    Map<String, Boolean> fanOut = new HashMap<>();
    List<StepSpec> onInputs =
        all.stream().filter(s -> s.on() == null || !readsSteps(s.on())).toList();
    decideFanOut(onInputs, new Symbols(inputs, Map.of()), Set.of("inputs", "run"), fanOut);
    decideFanOut(
        all,
        new Symbols(inputs, stepSymbols(spec, fanOut)),
        Set.of("inputs", "run", "steps"),
        fanOut);
    return fanOut;
  }

  private static boolean readsSteps(YamlNode on) {
    return String.valueOf(on.toPlain()).contains("steps.");
  }

  private void decideFanOut(
      List<StepSpec> steps, Symbols symbols, Set<String> roots, Map<String, Boolean> fanOut) {
    ExpressionChecker quiet = new ExpressionChecker(new Diagnostics(), source, symbols);
    Context context = new Context(symbols.stepScope(false), roots, null, null);
    for (StepSpec step : steps) {
      if (step.id() != null && step.on() != null && !fanOut.containsKey(step.id().value())) {
        quiet.checkOn(step.on(), context).ifPresent(f -> fanOut.put(step.id().value(), f));
      }
    }
  }

  private static Map<String, Symbols.StepSymbol> stepSymbols(
      RunbookSpec spec, Map<String, Boolean> fanOut) {
    Map<String, Symbols.StepSymbol> out = new LinkedHashMap<>();
    List<StepSpec> all = new ArrayList<>(spec.steps());
    all.addAll(spec.onFailure());
    for (StepSpec step : all) {
      if (step.id() == null || step.kind() == null) {
        continue;
      }
      String id = step.id().value();
      out.putIfAbsent(
          ExpressionScope.celName(id),
          new Symbols.StepSymbol(id, outputsOf(step), fanOut.getOrDefault(id, false)));
    }
    return out;
  }

  private static Map<String, ValueType> outputsOf(StepSpec step) {
    return StepOutputs.of(step.kind(), step.uses() == null ? null : step.uses().value());
  }

  /** Suggests an input name; used by entry points that name inputs. */
  static String inputHint(String written, Map<String, ValueType> inputs) {
    return Suggestions.hint(written, inputs.keySet());
  }

  static boolean isExpression(YamlNode node) {
    return String.valueOf(node.toPlain()).contains("${{");
  }
}
