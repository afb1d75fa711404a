package io.etcddr.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The shipped failover-to-learner does not rest on the worker's view alone: a learner that still
 * hears from the voters' site refuses the failover before anyone is asked, in one line, and `force`
 * does not override it — only its own input does; the approval prompt says by when the lost site
 * has fenced itself, and the restore waits for it.
 */
class TwoViewsTest {

  private final EngineHarness harness = new EngineHarness("node1", "node2");

  @AfterEach
  void close() {
    harness.close();
  }

  @Test
  void aLearnerThatStillHearsTheVotersRefusesTheFailoverEvenWithForce() {
    script(true);

    WorkflowStub run = start(Map.of("force", true));

    assertThatThrownBy(() -> run.getResult(RunResult.class))
        .isInstanceOf(WorkflowFailedException.class);
    assertThat(harness.status(run).failure())
        .isEqualTo(
            "step `refuse-alive` failed: site A is alive (the learner follows leader 8e9e05c52164694d);"
                + " only the worker is cut off from it (set ignoreLearnerView=true only if you know"
                + " better)");
    assertThat(harness.activities.calls)
        .extracting(ScriptedActivities.Call::type)
        .doesNotContain("fence.node", "cluster.fence", "docker.stop", "etcd.copyBackend");
  }

  @Test
  void itsOwnInputLetsTheOperatorWhoKnowsBetterGoOn() {
    script(true);

    WorkflowStub run = start(Map.of("ignoreLearnerView", true));
    harness.env.sleep(Duration.ofSeconds(10));

    assertThat(harness.status(run).steps())
        .filteredOn(s -> s.id().equals("go"))
        .extracting(StepStatus::state)
        .containsExactly(StepState.WAITING_FOR_APPROVAL);
    run.cancel();
  }

  @Test
  void thePromptSaysByWhenTheLostSiteHasFencedItselfAndTheRestoreWaitsForIt() {
    script(false);

    WorkflowStub run = start(Map.of());
    harness.env.sleep(Duration.ofSeconds(10));

    assertThat(harness.status(run).steps())
        .filteredOn(s -> s.id().equals("go"))
        .singleElement()
        .satisfies(
            go ->
                assertThat(go.prompt())
                    .contains(
                        "site A last heard at 12:00:00 UTC; it has fenced itself by 12:00:20 UTC"
                            + " if it is alive; nothing is restored before then."));
    harness.approveAsTwoPeople(run, "go");
    harness.env.sleep(Duration.ofSeconds(30));
    var awaited = harness.activities.callsOf("cluster.awaitLease");
    var restored = harness.activities.callsOf("etcd.restoreSingleNode");
    assertThat(awaited).hasSize(1);
    assertThat(awaited.get(0).with().get("nodes")).isEqualTo(List.of("master1"));
    assertThat(harness.activities.calls.indexOf(awaited.get(0)))
        .as("the wait ends before the restore begins")
        .isLessThan(
            restored.isEmpty()
                ? Integer.MAX_VALUE
                : harness.activities.calls.indexOf(restored.get(0)));
    run.cancel();
  }

  private WorkflowStub start(Map<String, Object> more) {
    Map<String, Object> inputs = new HashMap<>(Map.of("cluster", "lab", "learner", "node1"));
    inputs.putAll(more);
    return harness.start(harness.shippedPlan("failover-to-learner"), inputs);
  }

  private void script(boolean learnerFollows) {
    harness
        .activities
        .on("etcd.status", (w, c, a) -> Map.of("quorum", false, "leader", ""))
        .on(
            "host.ping",
            (w, c, a) -> {
              throw new IllegalStateException("site A's agents are gone");
            });
    SiteALost.script(harness.activities, List.of("master1"));
    harness.activities.on(
        "etcd.learnerView",
        (w, c, a) ->
            Map.of(
                "follows",
                learnerFollows,
                "answers",
                true,
                "leader",
                "8e9e05c52164694d",
                "indexBefore",
                10,
                "indexAfter",
                learnerFollows ? 14 : 10));
  }
}
