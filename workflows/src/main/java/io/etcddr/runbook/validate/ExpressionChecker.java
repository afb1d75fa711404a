package io.etcddr.runbook.validate;

import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.SimpleType;
import io.etcddr.runbook.diagnostics.DiagnosticCode;
import io.etcddr.runbook.diagnostics.Diagnostics;
import io.etcddr.runbook.diagnostics.SourceSpan;
import io.etcddr.runbook.diagnostics.Suggestions;
import io.etcddr.runbook.expr.ExpressionScope;
import io.etcddr.runbook.expr.References;
import io.etcddr.runbook.expr.References.Reference;
import io.etcddr.runbook.expr.Template;
import io.etcddr.runbook.expr.TemplateParser;
import io.etcddr.runbook.model.ValueType;
import io.etcddr.runbook.yaml.SourceText;
import io.etcddr.runbook.yaml.YamlNode;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks the {@code ${{ }}} expressions in runbook values: references first (for precise "did you
 * mean" messages and upstream checks), then CEL parsing and type checking, then the result type
 * against what the field expects. Positions point inside the expression.
 */
final class ExpressionChecker {

  /**
   * Where an expression is: its scope, the roots it may use, and for step fields the reading step
   * and the steps that finish before it.
   */
  record Context(
      ExpressionScope scope, Set<String> roots, String readerStep, Set<String> upstream) {}

  private final Diagnostics diagnostics;
  private final SourceText source;
  private final Symbols symbols;

  ExpressionChecker(Diagnostics diagnostics, SourceText source, Symbols symbols) {
    this.diagnostics = diagnostics;
    this.source = source;
    this.symbols = symbols;
  }

  /** A value of any shape, checked recursively against the type its field expects. */
  void checkValue(YamlNode node, ValueType expected, String what, Context context) {
    if (node instanceof YamlNode.Sequence list) {
      if (!expected.isList() && expected != ValueType.ANY) {
        typeMismatch(node.span(), what, expected, "a list");
        return;
      }
      ValueType element = elementOf(expected);
      list.items().forEach(item -> checkValue(item, element, "an entry of " + what, context));
    } else if (node instanceof YamlNode.Mapping map) {
      if (expected != ValueType.MAP && expected != ValueType.ANY) {
        typeMismatch(node.span(), what, expected, "a mapping");
        return;
      }
      map.entries()
          .forEach(e -> checkValue(e.value(), ValueType.ANY, "`" + e.key().name() + "`", context));
    } else {
      checkScalar((YamlNode.Scalar) node, expected, what, context);
    }
  }

  /** An `if:`: one boolean expression, with or without {@code ${{ }}} around it. */
  void checkCondition(YamlNode node, Context context) {
    if (!(node instanceof YamlNode.Scalar scalar) || !(scalar.value() instanceof String text)) {
      if (!(node instanceof YamlNode.Scalar s && s.value() instanceof Boolean)) {
        typeMismatch(node.span(), "`if`", ValueType.BOOL, node.kindName());
      }
      return;
    }
    Template template = parse(scalar);
    if (template == null) {
      return;
    }
    if (template instanceof Template.Whole whole) {
      SourceSpan at = at(scalar, whole.source());
      expectType(check(whole.source(), at, context), ValueType.BOOL, "`if`", at);
    } else if (template instanceof Template.Literal literal) {
      SourceSpan at = source.locate(scalar.span(), text, 0);
      expectType(check(literal.text(), at, context), ValueType.BOOL, "`if`", at);
    } else {
      diagnostics.error(
          scalar.span(),
          DiagnosticCode.EXPRESSION_RESULT,
          "`if` mixes text and expressions, so it is a string, not a condition",
          "write one expression, e.g. `if: ${{ inputs.force }}`");
    }
  }

  /**
   * An `on:`: a node name or a list of them. Returns whether the step fans out (a list), or empty
   * when it could not be told.
   */
  Optional<Boolean> checkOn(YamlNode node, Context context) {
    if (node instanceof YamlNode.Sequence) {
      checkValue(node, ValueType.LIST_NODE, "`on`", context);
      return Optional.of(true);
    }
    if (node instanceof YamlNode.Scalar scalar && scalar.value() instanceof String) {
      Template template = parse(scalar);
      if (template instanceof Template.Whole whole) {
        SourceSpan at = at(scalar, whole.source());
        CelType type = check(whole.source(), at, context);
        if (type == null) {
          return Optional.empty();
        }
        if (type.equals(SimpleType.STRING) || type.equals(SimpleType.DYN)) {
          return Optional.of(false);
        }
        if (type.equals(ListType.create(SimpleType.STRING))) {
          return Optional.of(true);
        }
        diagnostics.error(
            at,
            DiagnosticCode.EXPRESSION_RESULT,
            "`on` is " + describe(type) + "; it must name a node or a list of nodes",
            "use an input of type node or list<node>, e.g. `on: ${{ inputs.learner }}`");
        return Optional.empty();
      }
      checkScalar(scalar, ValueType.NODE, "`on`", context);
      return Optional.of(false);
    }
    typeMismatch(node.span(), "`on`", ValueType.NODE, node.kindName());
    return Optional.empty();
  }

  private void checkScalar(
      YamlNode.Scalar scalar, ValueType expected, String what, Context context) {
    if (!(scalar.value() instanceof String text) || !TemplateParser.hasExpression(text)) {
      if (!expected.accepts(scalar.value())) {
        typeMismatch(scalar.span(), what, expected, describeLiteral(scalar));
      }
      return;
    }
    Template template = parse(scalar);
    if (template instanceof Template.Whole whole) {
      SourceSpan at = at(scalar, whole.source());
      CelType type = check(whole.source(), at, context);
      if (type != null && !expected.acceptsCel(type)) {
        diagnostics.error(
            at,
            DiagnosticCode.EXPRESSION_RESULT,
            what + " expects " + expected + " but the expression is " + describe(type),
            "use an expression of type " + expected);
      }
    } else if (template instanceof Template.Interpolated interpolated) {
      for (Template.Part part : interpolated.parts()) {
        if (part instanceof Template.Expression e) {
          check(e.source(), at(scalar, e.source()), context);
        }
      }
      if (!expected.acceptsCel(SimpleType.STRING)) {
        typeMismatch(scalar.span(), what, expected, "text with expressions (a string)");
      }
    }
  }

  /** Where an expression's source starts in the file: just after its {@code ${{}. */
  private SourceSpan at(YamlNode.Scalar scalar, String expression) {
    return source.locate(
        scalar.span(), TemplateParser.OPEN + expression, TemplateParser.OPEN.length());
  }

  private Template parse(YamlNode.Scalar scalar) {
    try {
      return TemplateParser.parse((String) scalar.value());
    } catch (TemplateParser.UnterminatedException e) {
      diagnostics.error(
          source.locate(scalar.span(), TemplateParser.OPEN, 0),
          DiagnosticCode.UNTERMINATED_EXPRESSION,
          "`${{` has no closing `}}`",
          "close the expression with `}}`");
      return null;
    }
  }

  /** The expression's type, or null when it has problems (already reported). */
  private CelType check(String expression, SourceSpan at, Context context) {
    if (!checkReferences(expression, at, context)) {
      return null;
    }
    ExpressionScope.Checked checked = context.scope().check(expression);
    for (ExpressionScope.Issue issue : checked.issues()) {
      diagnostics.error(
          source.within(at, issue.line(), issue.column()),
          issue.syntax() ? DiagnosticCode.EXPRESSION_SYNTAX : DiagnosticCode.EXPRESSION_TYPE,
          (issue.syntax() ? "expression syntax: " : "expression: ") + issue.message(),
          issue.syntax()
              ? "expressions are CEL, e.g. `${{ inputs.force && steps.status.outputs.quorum }}`"
              : "check the types of the values this expression combines");
    }
    return checked.type();
  }

  private boolean checkReferences(String expression, SourceSpan at, Context context) {
    boolean ok = true;
    for (Reference ref : References.in(expression)) {
      SourceSpan where = source.within(at, 1, ref.offset());
      Optional<String[]> problem = problem(ref, context);
      if (problem.isPresent()) {
        ok = false;
        String[] p = problem.get();
        DiagnosticCode code =
            p.length > 2 ? DiagnosticCode.STEP_NOT_UPSTREAM : DiagnosticCode.UNKNOWN_REFERENCE;
        diagnostics.error(where, code, p[0], p[1]);
      }
    }
    return ok;
  }

  /** {message, hint} for a bad reference; a third element marks an upstream problem. */
  private Optional<String[]> problem(Reference ref, Context context) {
    List<String> path = ref.path();
    if (!context.roots().contains(ref.root())) {
      return Optional.of(
          new String[] {
            "`" + ref.root() + "` cannot be used here",
            "available here: " + String.join(", ", context.roots())
          });
    }
    String second = path.size() > 1 ? path.get(1) : null;
    switch (ref.root()) {
      case "inputs":
        if (second == null || !symbols.inputs.containsKey(second)) {
          return Optional.of(
              new String[] {
                "unknown input `" + (second == null ? "" : second) + "`",
                second == null ? "write `inputs.<name>`" : declareHint(second)
              });
        }
        return Optional.empty();
      case "steps":
        return stepProblem(path, context);
      case "run":
        return fieldProblem("run", second, Symbols.RUN.keySet());
      case "failure":
        return fieldProblem("failure", second, Symbols.FAILURE.keySet());
      default:
        return fieldProblem("alert", second, Symbols.alertFields());
    }
  }

  private String declareHint(String written) {
    return Suggestions.closest(written, symbols.inputs.keySet())
        .map(c -> "did you mean `inputs." + c + "`?")
        .orElse(
            "declare it under `inputs:` or use one of: "
                + String.join(", ", symbols.inputs.keySet()));
  }

  private static Optional<String[]> fieldProblem(String root, String field, Set<String> fields) {
    if (field != null && fields.contains(field)) {
      return Optional.empty();
    }
    return Optional.of(
        new String[] {
          "`" + root + "` has no field `" + (field == null ? "" : field) + "`",
          Suggestions.hint(field == null ? "" : field, fields)
        });
  }

  private Optional<String[]> stepProblem(List<String> path, Context context) {
    if (path.size() < 2) {
      return Optional.of(
          new String[] {"`steps` needs a step id", "write `steps.<id>.outputs.<name>`"});
    }
    String name = path.get(1);
    Symbols.StepSymbol step = symbols.steps.get(name);
    if (step == null) {
      return Optional.of(new String[] {"unknown step `" + name + "`", unknownStepHint(name)});
    }
    if (path.size() < 3 || !path.get(2).equals("outputs")) {
      return Optional.of(
          new String[] {
            "a step is read through its outputs", "write `steps." + name + ".outputs.<name>`"
          });
    }
    if (step.id().equals(context.readerStep())) {
      return Optional.of(
          new String[] {
            "step `" + step.id() + "` reads its own outputs", "read them in a later step"
          });
    }
    if (context.upstream() != null && !context.upstream().contains(step.id())) {
      return Optional.of(
          new String[] {
            "step `"
                + context.readerStep()
                + "` reads `"
                + step.id()
                + "`, which may not have run yet",
            "add `" + step.id() + "` to the `needs` of `" + context.readerStep() + "`",
            "upstream"
          });
    }
    return step.fanOut() ? Optional.empty() : outputProblem(step, path);
  }

  /** `steps.a.outputs.NAME` of a step that does not fan out must name one of its outputs. */
  private static Optional<String[]> outputProblem(Symbols.StepSymbol step, List<String> path) {
    if (path.size() < 4) {
      return Optional.of(
          new String[] {
            "name one output of step `" + step.id() + "`",
            "its outputs: " + String.join(", ", step.outputs().keySet())
          });
    }
    if (!step.outputs().containsKey(path.get(3))) {
      return Optional.of(
          new String[] {
            "step `" + step.id() + "` has no output `" + path.get(3) + "`",
            Suggestions.hint(path.get(3), step.outputs().keySet())
          });
    }
    return Optional.empty();
  }

  /** `steps.stop` for a step `stop-apiserver`: CEL reads `-` as minus. */
  private String unknownStepHint(String name) {
    return symbols.steps.values().stream()
        .map(Symbols.StepSymbol::id)
        .filter(id -> id.startsWith(name + "-"))
        .findFirst()
        .map(
            id ->
                "`-` is minus in expressions; write step `"
                    + id
                    + "` as `steps."
                    + ExpressionScope.celName(id)
                    + "`")
        .orElse(Suggestions.hint(name, symbols.steps.keySet()));
  }

  private void expectType(CelType actual, ValueType expected, String what, SourceSpan at) {
    if (actual != null && !expected.acceptsCel(actual)) {
      diagnostics.error(
          at,
          DiagnosticCode.EXPRESSION_RESULT,
          what + " must be " + expected + " but the expression is " + describe(actual),
          "compare or combine values so that it yields a " + expected);
    }
  }

  private void typeMismatch(SourceSpan at, String what, ValueType expected, String actual) {
    diagnostics.error(
        at,
        DiagnosticCode.WITH_TYPE,
        what + " expects " + expected + ", not " + actual,
        "write a value of type " + expected);
  }

  private static ValueType elementOf(ValueType list) {
    return switch (list) {
      case LIST_NODE -> ValueType.NODE;
      case LIST_STRING -> ValueType.STRING;
      case LIST_MAP -> ValueType.MAP;
      default -> ValueType.ANY;
    };
  }

  private static String describeLiteral(YamlNode.Scalar scalar) {
    return scalar.value() instanceof String
        ? "`" + scalar.text() + "`"
        : scalar.kindName() + " `" + scalar.text() + "`";
  }

  static String describe(CelType type) {
    return type.name().equals("list") || type.name().equals("map")
        ? type.name()
            + "<"
            + String.join(",", type.parameters().stream().map(CelType::name).toList())
            + ">"
        : type.name();
  }
}
