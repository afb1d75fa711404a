package io.etcddr.runs;

import io.etcddr.engine.RunState;
import io.etcddr.engine.RunStatus;
import io.etcddr.engine.RunbookWorkflow;
import io.etcddr.engine.StepStatus;
import io.etcddr.runbook.expr.ExpressionEvaluator;
import io.etcddr.text.TextTable;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.client.WorkflowStub;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run as an operator reads it: the `status` query, plus the attempts and last errors of the
 * activities Temporal is retrying right now (which only the server knows).
 */
public final class RunView {

  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

  /** A step Temporal is retrying: the attempt it is on and why the previous one failed. */
  public record Retry(String activity, int attempt, String lastFailure) {}

  public final RunStatus status;
  public final String workflowStatus;
  public final List<Retry> retries;

  RunView(RunStatus status, String workflowStatus, List<Retry> retries) {
    this.status = status;
    this.workflowStatus = workflowStatus;
    this.retries = retries;
  }

  public static RunView of(WorkflowStub stub) {
    var description = stub.describe();
    List<Retry> retries = new ArrayList<>();
    for (PendingActivityInfo pending : description.getRawDescription().getPendingActivitiesList()) {
      if (pending.getAttempt() > 1) {
        retries.add(
            new Retry(
                pending.getActivityType().getName(),
                pending.getAttempt(),
                pending.hasLastFailure() ? pending.getLastFailure().getMessage() : ""));
      }
    }
    RunStatus status = stub.query(RunbookWorkflow.QUERY_STATUS, RunStatus.class);
    String state = RunControl.statusName(description.getStatus());
    return new RunView(status, state, retries);
  }

  /** The run as JSON for `status --json` and `GET /v1/runs/{id}`. */
  public Map<String, Object> asMap(String workflowId) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("workflowId", workflowId);
    body.put("workflowStatus", workflowStatus);
    body.put("status", status);
    body.put("retries", retries);
    return body;
  }

  public boolean closed() {
    return !workflowStatus.equals("running");
  }

  /** The table of `etcd-dr status`. */
  public void print(PrintWriter out, String workflowId) {
    out.println(
        "run "
            + workflowId
            + ": "
            + status.runbook()
            + " — "
            + status.state()
            + (status.failure() == null ? "" : " (" + status.failure() + ")"));
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"STEP", "STATE", "NODES", "STARTED", "TOOK", "DETAIL"});
    for (StepStatus step : status.steps()) {
      rows.add(
          new String[] {
            (step.onFailure() ? "(onFailure) " : "") + step.id(),
            step.state().label(),
            step.nodes() == null ? "-" : String.join(",", step.nodes()),
            step.startedAt() == null ? "-" : CLOCK.format(Instant.ofEpochMilli(step.startedAt())),
            took(step),
            detail(step)
          });
    }
    TextTable.print(out, rows);
    printOutputs(out);
  }

  /** The runbook's declared outputs, once the run ended: what the run was for, at a glance. */
  public void printOutputs(PrintWriter out) {
    if (status.outputs() == null || status.outputs().isEmpty()) {
      return;
    }
    boolean succeeded = status.state() == RunState.SUCCEEDED;
    List<String[]> rows = new ArrayList<>();
    status
        .outputs()
        .forEach(
            (name, value) -> {
              if (value != null || succeeded) {
                String text = value == null ? "-" : ExpressionEvaluator.asText(value);
                rows.add(new String[] {"  " + name, text});
              }
            });
    if (succeeded) {
      out.println("outputs:");
    } else {
      // what went wrong comes first: a failed run's outputs are only what its finished steps made
      String ended = "the run " + status.state().name().toLowerCase(java.util.Locale.ROOT);
      String why = status.failure() == null ? "" : ": " + status.failure();
      out.println(
          rows.isEmpty()
              ? "outputs: none — " + ended + why
              : "outputs (" + ended + why + "; only what its finished steps made):");
    }
    TextTable.print(out, rows);
  }

  /** After a failure: what each compensation step did (ran, not needed, failed). */
  public String compensation() {
    List<String> done = new ArrayList<>();
    for (StepStatus step : status.steps()) {
      if (step.onFailure()) {
        done.add(step.id() + " " + step.state().label());
      }
    }
    return done.isEmpty() ? "" : "onFailure: " + String.join(", ", done);
  }

  String detail(StepStatus step) {
    if (step.error() != null) {
      return step.error();
    }
    if (step.prompt() != null && step.state().name().startsWith("WAITING")) {
      return step.prompt();
    }
    return retries.stream()
        .filter(r -> r.activity().equals(step.kind()))
        .findFirst()
        .map(r -> "attempt " + r.attempt() + ", last error: " + r.lastFailure())
        .orElse("");
  }

  static String took(StepStatus step) {
    if (step.startedAt() == null || step.endedAt() == null) {
      return "-";
    }
    Duration took = Duration.ofMillis(step.endedAt() - step.startedAt());
    return took.toMillis() < 10_000
        ? String.format("%.1fs", took.toMillis() / 1000.0)
        : took.toSeconds() + "s";
  }

  public static String clock(long epochMillis) {
    return CLOCK.format(Instant.ofEpochMilli(epochMillis));
  }
}
