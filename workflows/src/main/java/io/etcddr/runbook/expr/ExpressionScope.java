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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

  /**
   * CEL's reserved words: a variable whose name has one as a part is not a plain reference (CEL
   * cannot parse {@code inputs.in}), so it goes to the checker, which says so.
   */
  private static final Set<String> RESERVED =
      Set.of(
          "true",
          "false",
          "null",
          "in",
          "as",
          "break",
          "const",
          "continue",
          "else",
          "for",
          "function",
          "if",
          "import",
          "let",
          "loop",
          "package",
          "namespace",
          "return",
          "var",
          "void",
          "while");

  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /**
   * What CEL's checker said, shared by every scope: the same expression in many steps and runbooks
   * (`string(steps.status.outputs.generation)`) is checked once for each set of declarations it may
   * resolve. Bounded, as the worker compiles runbooks for as long as it runs.
   */
  private static final Map<Declared, Checked> CHECKED_BY_CEL = new ConcurrentHashMap<>();

  private static final int CHECKED_BY_CEL_MAX = 4096;

  /**
   * An expression with every declaration it may resolve: CEL resolves {@code a.b.c} to the variable
   * {@code a.b.c}, {@code a.b} or {@code a}, so each candidate's last part is a word of the text,
   * whatever the spaces between; and the checker sees nothing else of the scope.
   */
  private record Declared(String source, Map<String, CelType> variables) {}

  private final Map<String, CelType> variables;
  private final Map<String, Checked> checked = new HashMap<>();
  private CelCompiler compiler;

  public ExpressionScope(Map<String, CelType> variables) {
    this.variables = Collections.unmodifiableMap(new TreeMap<>(variables));
  }

  public Map<String, CelType> variables() {
    return variables;
  }

  /**
   * The expression's type or its problems. Most runbook expressions name one variable ({@code
   * inputs.cluster}): such a one has its declared type, as CEL's checker would say, without
   * building the checker's standard environment — which CEL does for every expression it checks,
   * the most of a cold `etcd-dr validate`. An expression written twice is checked once: in one
   * scope, or in any scopes that declare alike every variable it may name.
   */
  public Checked check(String source) {
    return checked.computeIfAbsent(source, this::checkOnce);
  }

  private Checked checkOnce(String source) {
    String name = source.strip();
    CelType declared = variables.get(name);
    if (declared != null && isPlainName(name)) {
      return new Checked(declared, List.of());
    }
    if (CHECKED_BY_CEL.size() > CHECKED_BY_CEL_MAX) {
      CHECKED_BY_CEL.clear();
    }
    // Not computeIfAbsent: it would hold the map's bin while CEL checks, and a file compiled
    // beside this one would wait for it with an expression of its own that hashes to that bin.
    Declared key = new Declared(source, variablesNamedIn(source));
    Checked known = CHECKED_BY_CEL.get(key);
    if (known != null) {
      return known;
    }
    Checked checked = checkByCel(source);
    CHECKED_BY_CEL.putIfAbsent(key, checked);
    return checked;
  }

  /**
   * The variables whose last part is a word of {@code source}: all it may resolve, and a few more.
   */
  private Map<String, CelType> variablesNamedIn(String source) {
    Set<String> words = new HashSet<>();
    Matcher word = IDENTIFIER.matcher(source);
    while (word.find()) {
      words.add(word.group());
    }
    Map<String, CelType> named = new TreeMap<>();
    variables.forEach(
        (name, type) -> {
          if (words.contains(name.substring(name.lastIndexOf('.') + 1))) {
            named.put(name, type);
          }
        });
    return named;
  }

  private Checked checkByCel(String source) {
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

  private static boolean isPlainName(String name) {
    for (String part : name.split("\\.", -1)) {
      if (!IDENTIFIER.matcher(part).matches() || RESERVED.contains(part)) {
        return false;
      }
    }
    return true;
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
