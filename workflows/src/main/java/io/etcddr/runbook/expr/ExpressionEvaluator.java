package io.etcddr.runbook.expr;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerBuilder;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Evaluates the expressions of a compiled plan against the values known when a step starts. Pure
 * and deterministic (CEL has no I/O, clock or randomness), so the workflow may call it.
 *
 * <p>Types were checked at compile time; here every variable is declared {@code dyn}, which lets
 * one evaluator serve every step however many outputs are known so far.
 */
public final class ExpressionEvaluator {

  /** An expression that failed at run time (e.g. an output of a step that was skipped). */
  public static final class EvaluationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public EvaluationException(String message) {
      super(message);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().build();

  /**
   * Compiled expressions, shared by every evaluator of the process: a CEL compiler costs
   * milliseconds to build, and a worker replays a run's history (each expression again) on every
   * workflow task. A pure memo — the same source and variable names always compile to the same
   * program — so workflow code stays deterministic. Concurrent for the HTTP API's request threads;
   * emptied when it grows past {@link #REMEMBERED} (a library has hundreds of expressions).
   */
  private static final Map<String, CelCompiler> COMPILERS = new ConcurrentHashMap<>();

  private static final Map<String, CelRuntime.Program> PROGRAMS = new ConcurrentHashMap<>();
  private static final int REMEMBERED = 20_000;

  /**
   * Evaluates one CEL expression.
   *
   * @param variables values by qualified name, e.g. {@code inputs.cluster}
   */
  public Object evaluate(String source, Map<String, Object> variables) {
    String names = String.join(",", new TreeSet<>(variables.keySet()));
    try {
      CelRuntime.Program program = PROGRAMS.get(names + "\n" + source);
      if (program == null) {
        if (PROGRAMS.size() > REMEMBERED || COMPILERS.size() > REMEMBERED) {
          PROGRAMS.clear();
          COMPILERS.clear();
        }
        CelCompiler compiler = COMPILERS.computeIfAbsent(names, n -> compiler(variables));
        CelAbstractSyntaxTree ast = compiler.compile(source).getAst();
        program = RUNTIME.createProgram(ast);
        PROGRAMS.put(names + "\n" + source, program);
      }
      return plain(program.eval(celValues(variables)));
    } catch (CelValidationException | CelEvaluationException e) {
      throw new EvaluationException("`" + source.trim() + "`: " + e.getMessage());
    }
  }

  /**
   * Renders a plan value: a string that is exactly one expression becomes the expression's value;
   * expressions inside longer text are interpolated; lists and maps are rendered element-wise.
   */
  public Object render(Object value, Map<String, Object> variables) {
    if (value instanceof String text && TemplateParser.hasExpression(text)) {
      return renderText(text, variables);
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      list.forEach(v -> out.add(render(v, variables)));
      return out;
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(String.valueOf(k), render(v, variables)));
      return out;
    }
    return value;
  }

  private Object renderText(String text, Map<String, Object> variables) {
    Template template;
    try {
      template = TemplateParser.parse(text);
    } catch (TemplateParser.UnterminatedException e) {
      throw new EvaluationException(e.getMessage());
    }
    if (template instanceof Template.Whole whole) {
      return evaluate(whole.source(), variables);
    }
    if (template instanceof Template.Literal literal) {
      return literal.text();
    }
    StringBuilder out = new StringBuilder();
    for (Template.Part part : ((Template.Interpolated) template).parts()) {
      if (part instanceof Template.Text t) {
        out.append(t.text());
      } else {
        out.append(asText(evaluate(((Template.Expression) part).source(), variables)));
      }
    }
    return out.toString();
  }

  /** How a value reads inside interpolated text: strings as they are, the rest as JSON. */
  public static String asText(Object value) {
    if (value instanceof String s) {
      return s;
    }
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      return String.valueOf(value);
    }
  }

  private static CelCompiler compiler(Map<String, Object> variables) {
    CelCompilerBuilder builder =
        CelCompilerFactory.standardCelCompilerBuilder()
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS);
    variables.keySet().forEach(name -> builder.addVar(name, SimpleType.DYN));
    return builder.build();
  }

  /** CEL wants Long and Double; JSON gives Integer and Float too. */
  private static Map<String, Object> celValues(Map<String, Object> variables) {
    Map<String, Object> out = new HashMap<>();
    variables.forEach((k, v) -> out.put(k, celValue(v)));
    return out;
  }

  private static Object celValue(Object value) {
    if (value == null) {
      return com.google.protobuf.NullValue.NULL_VALUE; // a declared value that is null, not unknown
    }
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof Float f) {
      return f.doubleValue();
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      list.forEach(v -> out.add(celValue(v)));
      return out;
    }
    if (value instanceof Map<?, ?> map) {
      Map<Object, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(k, celValue(v)));
      return out;
    }
    return value;
  }

  /** Back to plain JSON values: CEL's immutable collections and null marker become plain ones. */
  private static Object plain(Object value) {
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      list.forEach(v -> out.add(plain(v)));
      return out;
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(String.valueOf(k), plain(v)));
      return out;
    }
    if (value != null && value.getClass().getSimpleName().equals("NullValue")) {
      return null;
    }
    return value;
  }
}
