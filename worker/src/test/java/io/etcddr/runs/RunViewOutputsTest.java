package io.etcddr.runs;

import static org.assertj.core.api.Assertions.assertThat;

import io.etcddr.engine.RunState;
import io.etcddr.engine.RunStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A run's outputs as `status` and `run --follow` print them: a refusal leads, effects it never had
 * do not show.
 */
class RunViewOutputsTest {

  @Test
  void aRefusedRunLeadsWithTheRefusalAndListsNoEffect() {
    Map<String, Object> outputs = new LinkedHashMap<>();
    outputs.put("member", null);
    outputs.put("clientUrl", null);

    String printed = printed(RunState.FAILED, "step `refuse-healthy` failed: quorum", outputs);

    assertThat(printed.strip())
        .isEqualTo("outputs: none — the run failed: step `refuse-healthy` failed: quorum");
  }

  @Test
  void aFailedRunShowsOnlyWhatItsFinishedStepsMade() {
    Map<String, Object> outputs = new LinkedHashMap<>();
    outputs.put("member", null);
    outputs.put("learnerRevision", 547);

    String printed = printed(RunState.FAILED, "step `copy` failed: disk full", outputs);

    assertThat(printed.lines().toList())
        .first()
        .isEqualTo(
            "outputs (the run failed: step `copy` failed: disk full; only what its finished steps"
                + " made):");
    assertThat(printed).contains("learnerRevision").contains("547").doesNotContain("member");
  }

  @Test
  void aSucceededRunListsEveryOutput() {
    Map<String, Object> outputs = new LinkedHashMap<>();
    outputs.put("member", "etcd-node1");
    outputs.put("lastDrillLag", null);

    String printed = printed(RunState.SUCCEEDED, null, outputs);

    assertThat(printed.lines().toList()).first().isEqualTo("outputs:");
    assertThat(printed).containsPattern("member +etcd-node1").containsPattern("lastDrillLag +-");
  }

  private static String printed(RunState state, String failure, Map<String, Object> outputs) {
    RunStatus status =
        new RunStatus(
            "failover-to-learner", state, Map.of(), 0L, 1L, List.of(), failure, null, outputs);
    StringWriter text = new StringWriter();
    PrintWriter out = new PrintWriter(text);
    new RunView(status, state == RunState.SUCCEEDED ? "completed" : "failed", List.of())
        .printOutputs(out);
    out.flush();
    return text.toString();
  }
}
