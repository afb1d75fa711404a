package io.etcddr.runbook.expr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A lone variable gets its declared type without CEL's checker: these cases hold that shortcut to
 * what the checker says of the same variable (in parentheses, which the shortcut leaves to CEL).
 */
class ExpressionScopeTest {

  private static final Map<String, CelType> VARIABLES =
      Map.of(
          "inputs.cluster", SimpleType.STRING,
          "inputs.maxLag", SimpleType.INT,
          "inputs.nodes", ListType.create(SimpleType.STRING),
          "steps.fan.outputs", MapType.create(SimpleType.STRING, SimpleType.DYN),
          "inputs.in", SimpleType.STRING);

  private final ExpressionScope scope = new ExpressionScope(VARIABLES);

  @Test
  void aLoneVariableHasTheTypeCelsCheckerGivesIt() {
    for (String name : VARIABLES.keySet()) {
      if (name.equals("inputs.in")) {
        continue;
      }
      ExpressionScope.Checked plain = scope.check(" " + name + " ");
      ExpressionScope.Checked byCel = new ExpressionScope(VARIABLES).check("(" + name + ")");
      assertThat(plain.ok()).as(name).isTrue();
      assertThat(byCel.ok()).as(name).isTrue();
      assertThat(plain.type()).as(name).isEqualTo(byCel.type()).isEqualTo(VARIABLES.get(name));
    }
  }

  @Test
  void aVariableNamedWithAReservedWordIsLeftToCelWhichCannotParseIt() {
    ExpressionScope.Checked checked = scope.check("inputs.in");

    assertThat(checked.ok()).isFalse();
    assertThat(checked.issues()).allSatisfy(i -> assertThat(i.syntax()).isTrue());
  }

  @Test
  void anythingMoreThanOneVariableIsCheckedByCel() {
    assertThat(scope.check("inputs.maxLag + 1").type()).isEqualTo(SimpleType.INT);
    assertThat(scope.check("inputs.nodes.size() > inputs.maxLag").type())
        .isEqualTo(SimpleType.BOOL);
    assertThat(scope.check("inputs.cluster + 1").issues())
        .singleElement()
        .satisfies(i -> assertThat(i.message()).contains("no matching overload"));
    assertThat(scope.check("inputs.unknown").issues())
        .singleElement()
        .satisfies(i -> assertThat(i.message()).contains("undeclared reference"));
  }

  @Test
  void anExpressionWrittenTwiceHasTheSameProblemsAtTheSamePlace() {
    ExpressionScope.Checked first = scope.check("inputs.maxLag &&\n  inputs.cluster");
    ExpressionScope.Checked again = scope.check("inputs.maxLag &&\n  inputs.cluster");

    assertThat(first.ok()).isFalse();
    assertThat(again).isEqualTo(first);
  }

  @Test
  void anExpressionCheckedInAnotherScopeHasTheTypesOfThatScope() {
    ExpressionScope counted = new ExpressionScope(Map.of("inputs.shared", SimpleType.INT));
    ExpressionScope named = new ExpressionScope(Map.of("inputs.shared", SimpleType.STRING));
    ExpressionScope without = new ExpressionScope(Map.of("inputs.other", SimpleType.INT));

    // Spaced as CEL allows: the variable's name is not in the text whole.
    String source = "inputs . shared + 1";
    assertThat(counted.check(source).type()).isEqualTo(SimpleType.INT);
    assertThat(named.check(source).issues())
        .singleElement()
        .satisfies(i -> assertThat(i.message()).contains("no matching overload"));
    assertThat(without.check(source).issues())
        .singleElement()
        .satisfies(i -> assertThat(i.message()).contains("undeclared reference"));
    assertThat(new ExpressionScope(Map.of("inputs.shared", SimpleType.INT)).check(source).type())
        .isEqualTo(SimpleType.INT);
  }

  @Test
  void aVariableTheExpressionDoesNotNameDoesNotChangeItsType() {
    ExpressionScope one =
        new ExpressionScope(Map.of("inputs.count", SimpleType.INT, "inputs.x", SimpleType.INT));
    ExpressionScope other =
        new ExpressionScope(Map.of("inputs.count", SimpleType.INT, "inputs.x", SimpleType.STRING));

    assertThat(one.check("inputs.count * 2").type()).isEqualTo(SimpleType.INT);
    assertThat(other.check("inputs.count * 2").type()).isEqualTo(SimpleType.INT);
  }
}
