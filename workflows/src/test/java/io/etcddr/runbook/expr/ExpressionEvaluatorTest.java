package io.etcddr.runbook.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Run-time rendering of plan values: whole expressions keep their type, text interpolates. */
class ExpressionEvaluatorTest {

  private final ExpressionEvaluator evaluator = new ExpressionEvaluator();
  private final Map<String, Object> vars =
      Map.of(
          "inputs.cluster",
          "prod",
          "inputs.survivors",
          List.of("node1", "node2"),
          "inputs.port",
          2379,
          "steps.status.outputs.quorum",
          false);

  @Test
  void wholeExpressionKeepsItsType() {
    assertThat(evaluator.render("${{ inputs.survivors }}", vars))
        .isEqualTo(List.of("node1", "node2"));
    assertThat(evaluator.render("${{ inputs.port + 1 }}", vars)).isEqualTo(2380L);
    assertThat(evaluator.render("${{ !steps.status.outputs.quorum }}", vars)).isEqualTo(true);
  }

  @Test
  void aSkippedStepsOutputsAreNullAndOnlyTheChosenBranchIsRead() {
    Map<String, Object> skipped = new java.util.HashMap<>(vars);
    skipped.put("steps.kept.outputs.lastWriteAt", null);

    assertThat(
            evaluator.render(
                "${{ steps.status.outputs.quorum ? steps.kept.outputs.lastWriteAt : 0 }}", skipped))
        .isEqualTo(0L);
    assertThat(evaluator.render("${{ steps.kept.outputs.lastWriteAt == null }}", skipped))
        .isEqualTo(true);
  }

  @Test
  void textWithExpressionsIsInterpolated() {
    assertThat(
            evaluator.render(
                "cluster ${{ inputs.cluster }} on ${{ inputs.survivors }}:${{ inputs.port }}",
                vars))
        .isEqualTo("cluster prod on [\"node1\",\"node2\"]:2379");
  }

  @Test
  void listsAndMapsAreRenderedElementWise() {
    Object rendered =
        evaluator.render(
            Map.of("urls", List.of("https://${{ inputs.cluster }}:2379"), "n", 1), vars);

    assertThat(rendered).isEqualTo(Map.of("urls", List.of("https://prod:2379"), "n", 1));
  }

  @Test
  void referenceToAnUnknownValueFailsWithTheExpression() {
    assertThatThrownBy(() -> evaluator.render("${{ steps.copy.outputs.path }}", vars))
        .isInstanceOf(ExpressionEvaluator.EvaluationException.class)
        .hasMessageStartingWith("`steps.copy.outputs.path`");
  }
}
