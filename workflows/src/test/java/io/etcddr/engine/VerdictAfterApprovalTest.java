package io.etcddr.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The shipped failover-to-learner takes its verdict again after the approval, beside the stops and
 * the copy and before anything is fenced, ordered or restored: quorum come back while the approval
 * waited stops the run in one line, and what the run stopped is started again; agents that answer
 * again by then are fenced at once rather than left an order.
 */
class VerdictAfterApprovalTest {

  private static final Map<String, Object> INPUTS = Map.of("cluster", "lab", "learner", "node1");

  private final EngineHarness harness = new EngineHarness("node1", "node2", "master1");

  @AfterEach
  void close() {
    harness.close();
  }

  @Test
  void quorumBackAfterTheApprovalStopsTheRunBeforeAnyFenceOrRestore() {
    script(false, true);
    // The copy takes real time and quorum is seen back while it runs: what the run stopped is
    // started again only once the copy has ended (its WAL replay runs an etcd on the learner's data
    // dir, which the learner's own etcd would then meet).
    AtomicBoolean copying = new AtomicBoolean();
    List<Boolean> startedWhileCopying = new CopyOnWriteArrayList<>();
    harness
        .activities
        .on(
            "etcd.status",
            (w, c, a) -> {
              boolean recheck = c.stepId().equals("recheck");
              if (recheck) {
                within(Duration.ofSeconds(5), copying::get);
              }
              return Map.of("quorum", recheck, "leader", "");
            })
        .on(
            "etcd.copyBackend",
            (w, c, a) -> {
              copying.set(true);
              Thread.sleep(1_000);
              copying.set(false);
              return Map.of("path", w.get("path"), "sha256", "0".repeat(64), "bytes", 1);
            })
        .on(
            "docker.start",
            (w, c, a) -> {
              startedWhileCopying.add(copying.get());
              return Map.of("changed", true);
            });

    WorkflowStub run = approvedAfterAnHour();

    assertThatThrownBy(() -> run.getResult(RunResult.class))
        .isInstanceOf(WorkflowFailedException.class);
    assertThat(harness.status(run).failure())
        .isEqualTo(
            "step `refuse-healed` failed: cluster lab has quorum again since the approval;"
                + " nothing was fenced or restored, and the containers this run stopped are"
                + " started again (set force=true to override)");
    assertThat(harness.activities.calls)
        .extracting(ScriptedActivities.Call::type)
        .doesNotContain("fence.node", "cluster.fence", "etcd.restoreSingleNode", "docker.runEtcd");
    assertThat(containers(harness.activities.callsOf("docker.start")))
        .containsExactlyInAnyOrderElementsOf(containers(harness.activities.callsOf("docker.stop")))
        .containsExactlyInAnyOrder(
            "etcd-dr@node1 kube-apiserver", "etcd-dr@node2 kube-apiserver", "etcd-dr@node1 etcd");
    assertThat(startedWhileCopying).hasSize(3).containsOnly(false);
  }

  @Test
  void theRecheckRunsBesideTheStopsNotBeforeThem() {
    script(false, false);
    AtomicBoolean stoppedDuringRecheck = new AtomicBoolean();
    harness.activities.on(
        "etcd.status",
        (w, c, a) -> {
          if (c.stepId().equals("recheck")) {
            stoppedDuringRecheck.set(
                within(
                    Duration.ofSeconds(10),
                    () -> !harness.activities.callsOf("docker.stop").isEmpty()));
          }
          return Map.of("quorum", false, "leader", "");
        });

    WorkflowStub run = approvedAfterAnHour();
    harness.env.sleep(Duration.ofSeconds(5));

    assertThat(stoppedDuringRecheck).isTrue();
    assertThat(harness.activities.callsOf("cluster.fence")).hasSize(1);
    run.cancel();
  }

  @Test
  void theFenceFollowsWhatTheProbeSaysAfterTheApproval() {
    script(false, false);
    harness.activities.on(
        "host.ping",
        (w, c, a) -> {
          if (c.stepId().equals("probe")) {
            throw new IllegalStateException("no agent at the first probe");
          }
          return Map.of();
        });

    WorkflowStub run = approvedAfterAnHour();
    harness.env.sleep(Duration.ofSeconds(5));

    assertThat(harness.activities.callsOf("fence.node"))
        .extracting(ScriptedActivities.Call::taskQueue)
        .containsExactly("etcd-dr@master1");
    assertThat(harness.activities.callsOf("cluster.fence").get(0).with().get("unreachable"))
        .isEqualTo(List.of());
    run.cancel();
  }

  /**
   * Waits in real time (other activities run on other threads of the same worker) until {@code
   * condition} holds or {@code limit} passed; whether it holds.
   */
  private static boolean within(Duration limit, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    return condition.getAsBoolean();
  }

  private static List<String> containers(List<ScriptedActivities.Call> calls) {
    return calls.stream().map(c -> c.taskQueue() + " " + c.with().get("container")).toList();
  }

  private WorkflowStub approvedAfterAnHour() {
    WorkflowStub run = harness.start(harness.shippedPlan("failover-to-learner"), INPUTS);
    harness.env.sleep(Duration.ofMinutes(59));
    harness.approveAsTwoPeople(run, "go");
    return run;
  }

  /** Site A (master1) lost at the first status; {@code healedByRecheck}: back at the second. */
  private void script(boolean quorumAtFirst, boolean healedByRecheck) {
    harness
        .activities
        .on(
            "etcd.status",
            (w, c, a) ->
                Map.of(
                    "quorum",
                    c.stepId().equals("recheck") ? healedByRecheck : quorumAtFirst,
                    "leader",
                    ""))
        .on(
            "host.ping",
            (w, c, a) -> {
              throw new IllegalStateException("site A's agents are gone");
            });
    SiteALost.script(harness.activities, List.of("master1"));
  }
}
