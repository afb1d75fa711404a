package io.etcddr.engine;

import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Runs that exercise every path of the interpreter; their histories guard determinism. */
final class RepresentativeRuns {

  static final Map<String, Function<EngineHarness, WorkflowStub>> ALL =
      Map.of(
          "branches", RepresentativeRuns::branches,
          "fan-out", RepresentativeRuns::fanOut,
          "approved", RepresentativeRuns::approved,
          "rejected", RepresentativeRuns::rejected,
          "child", RepresentativeRuns::child,
          "retried", RepresentativeRuns::retried,
          "aborted", RepresentativeRuns::aborted,
          "paths", RepresentativeRuns::paths,
          "people", RepresentativeRuns::people);

  static final String[] NODES = {"n1", "n2", "n3", "ca", "deploy"};

  /** The workflow id each run had (the harness names runs after their runbook). */
  static final Map<String, String> WORKFLOW_IDS =
      Map.of(
          "branches", "branches-test",
          "fan-out", "fan-out-test",
          "approved", "approval-test",
          "rejected", "approval-test",
          "child", "child-test",
          "retried", "retries-test",
          "aborted", "approval-test",
          "paths", "paths-test",
          "people", "two-people-test");

  private RepresentativeRuns() {}

  static WorkflowStub branches(EngineHarness h) {
    h.activities
        .on("etcd.status", (w, c, a) -> Map.of("leader", "abc"))
        .on("etcd.verify", (w, c, a) -> Map.of("keys", 3));
    return finish(h.start("branches", Map.of()));
  }

  static WorkflowStub fanOut(EngineHarness h) {
    h.activities.on("docker.stop", (w, c, a) -> Map.of("running", false));
    return finish(h.start("fan-out", Map.of("nodes", List.of("n1", "n2"))));
  }

  static WorkflowStub approved(EngineHarness h) {
    h.activities.on("etcd.status", (w, c, a) -> Map.of("leader", "abc"));
    WorkflowStub run = h.start("approval", Map.of());
    h.env.sleep(Duration.ofSeconds(3));
    run.signal(RunbookWorkflow.SIGNAL_APPROVE, h.verified(run, "go", true, "alice"));
    return finish(run);
  }

  static WorkflowStub rejected(EngineHarness h) {
    h.activities.on("etcd.status", (w, c, a) -> Map.of("leader", "abc"));
    WorkflowStub run = h.start("approval", Map.of());
    h.env.sleep(Duration.ofSeconds(3));
    run.signal(RunbookWorkflow.SIGNAL_APPROVE, h.verified(run, "go", false, "bob"));
    return finish(run);
  }

  /** Two people with a role: a bare signal refused, the same person twice, then a second one. */
  static WorkflowStub people(EngineHarness h) {
    h.activities.on("docker.stop", (w, c, a) -> Map.of("stopped", true));
    WorkflowStub run = h.start("two-people", Map.of());
    h.env.sleep(Duration.ofSeconds(3));
    run.signal(RunbookWorkflow.SIGNAL_APPROVE, new ApprovalDecision("go", true, "mallory", null));
    run.signal(RunbookWorkflow.SIGNAL_APPROVE, h.verified(run, "go", true, "alice", "sre"));
    run.signal(RunbookWorkflow.SIGNAL_APPROVE, h.verified(run, "go", true, "alice", "sre"));
    h.env.sleep(Duration.ofMinutes(5));
    run.signal(RunbookWorkflow.SIGNAL_APPROVE, h.verified(run, "go", true, "bob", "sre"));
    return finish(run);
  }

  static WorkflowStub child(EngineHarness h) {
    return finish(h.start("child", Map.of()));
  }

  static WorkflowStub retried(EngineHarness h) {
    h.activities.on(
        "etcd.status",
        (w, c, a) -> {
          if (a.getInfo().getAttempt() < 2) {
            throw ApplicationFailure.newFailure("transient", "Transient");
          }
          return Map.of();
        });
    return finish(h.start("retries", Map.of()));
  }

  static WorkflowStub aborted(EngineHarness h) {
    h.activities.on("etcd.status", (w, c, a) -> Map.of("leader", "abc"));
    WorkflowStub run = h.start("approval", Map.of());
    h.env.sleep(Duration.ofSeconds(3));
    run.signal(RunbookWorkflow.SIGNAL_ABORT, new AbortRequest("drill", "carol"));
    run.cancel("drill");
    return finish(run);
  }

  /**
   * cert.issue fanned out over three nodes (one CA lookup), deploy-node routing, `if` both ways,
   * `continueOnError` after a failure and after a timeout.
   */
  static WorkflowStub paths(EngineHarness h) {
    h.activities
        .on("cert.issue.prepare", (w, c, a) -> Map.of("reused", false, "csr", "CSR " + c.node()))
        .on("cert.issue.sign", (w, c, a) -> Map.of("certificate", "CERT"))
        .on(
            "cert.issue.install",
            (w, c, a) ->
                Map.of(
                    "certPath",
                    "/ssl/" + c.node(),
                    "keyPath",
                    "/ssl/k",
                    "serial",
                    c.node(),
                    "notAfter",
                    "2030-01-01T00:00:00Z"))
        .on(
            "etcd.removeMember",
            (w, c, a) -> {
              throw ApplicationFailure.newNonRetryableFailure("no member gone", "BadInput");
            })
        .on(
            "etcd.status",
            (w, c, a) -> {
              Thread.sleep(4_000);
              return Map.of();
            });
    return finish(h.start("paths", Map.of()));
  }

  private static WorkflowStub finish(WorkflowStub run) {
    try {
      run.getResult(Object.class);
    } catch (RuntimeException expected) {
      // failed and cancelled runs are representative too
    }
    return run;
  }
}
