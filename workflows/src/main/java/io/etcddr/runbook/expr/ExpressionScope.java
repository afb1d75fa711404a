package io.etcddr.runbook.expr;

import dev.cel.common.CelIssue;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.CelType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerBuilder;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The variables an expression may use, by qualified name ({@code inputs.cluster}, {@code
 * steps.status.outputs.quorum}), with their CEL types; and the type checker built from them.
 *
 * <p>Variables are declared with dotted names rather than as CEL messages: CEL resolves {@code
 * inputs.cluster} to the variable of that name, which gives every input and output its own precise
 * type without defining protobuf messages.
 */
public final class ExpressionScope {

  /** Expression ids are step ids with {@code -} as {@code _}: CEL reads {@code -} as minus. */
  public static String celName(String stepId) {
    return stepId.replace('-', '_');
  }

  /** One problem in an expression; line is 1-based, column 0-based within the expression. */
  public record Issue(int line, int column, String message, boolean syntax) {}

  /** The expression's type, or its problems. */
  public record Checked(CelType type, List<Issue> issues) {
    public boolean ok() {
      return issues.isEmpty();
    }
  }

  private final Map<String, CelType> variables;
  private CelCompiler compiler;

  public ExpressionScope(Map<String, CelType> variables) {
    this.variables = Collections.unmodifiableMap(new TreeMap<>(variables));
  }

  public Map<String, CelType> variables() {
    return variables;
  }

  public Checked check(String source) {
    try {
      CelValidationResult parsed = compiler().parse(source);
      if (parsed.hasError()) {
        return new Checked(null, issues(parsed, true));
      }
      CelValidationResult checked = compiler().check(parsed.getAst());
      if (checked.hasError()) {
        return new Checked(null, issues(checked, false));
      }
      return new Checked(checked.getAst().getResultType(), List.of());
    } catch (Exception e) {
      // A result without errors always has an AST; this only guards CEL's checked exceptions.
      return new Checked(null, List.of(new Issue(1, 0, String.valueOf(e.getMessage()), false)));
    }
  }

  private static List<Issue> issues(CelValidationResult result, boolean syntax) {
    List<Issue> issues = new ArrayList<>();
    for (CelIssue issue : result.getErrors()) {
      var location = issue.getSourceLocation();
      issues.add(
          new Issue(
              Math.max(1, location.getLine()),
              Math.max(0, location.getColumn()),
              conciseMessage(issue.getMessage()),
              syntax));
    }
    return issues;
  }

  /** CEL lists every overload candidate; the types it was applied to say enough. */
  private static String conciseMessage(String message) {
    int candidates = message.indexOf(" (candidates:");
    String text = candidates < 0 ? message : message.substring(0, candidates);
    return text.replace(" (in container '')", "");
  }

  private CelCompiler compiler() {
    if (compiler == null) {
      CelCompilerBuilder builder =
          CelCompilerFactory.standardCelCompilerBuilder()
              .setStandardMacros(CelStandardMacro.STANDARD_MACROS);
      variables.forEach(builder::addVar);
      compiler = builder.build();
    }
    return compiler;
  }
}
