package io.etcddr.runs;

import io.etcddr.connect.TemporalConnection;
import io.etcddr.engine.AbortRequest;
import io.etcddr.engine.ApprovalDecision;
import io.etcddr.engine.RunbookWorkflow;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import java.util.Locale;
import java.util.Optional;

/** What an operator does to a run by id: look at it, decide its approval, abort it. */
public final class RunControl {

  /** No run of that id in the namespace. */
  public static final class NoSuchRun extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NoSuchRun(String message) {
      super(message);
    }
  }

  /** The run exists but cannot take this request now (ended, nothing waiting, wrong step). */
  public static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Refused(String message) {
      super(message);
    }
  }

  private final TemporalConnection temporal;

  public RunControl(TemporalConnection temporal) {
    this.temporal = temporal;
  }

  public WorkflowStub existing(String id) {
    WorkflowStub stub = temporal.client().newUntypedWorkflowStub(id);
    try {
      stub.describe();
      return stub;
    } catch (WorkflowNotFoundException e) {
      throw new NoSuchRun(
          "no run "
              + id
              + " in namespace "
              + temporal.options().namespace()
              + "; check the id (etcd-dr run prints it)");
    }
  }

  public RunView view(String id) {
    return RunView.of(existing(id));
  }

  /** The one approval step the run waits on, to bind a person's signed decision to it. */
  public String waitingApproval(String id) {
    java.util.List<String> waiting =
        view(id).status.steps().stream()
            .filter(s -> s.state() == io.etcddr.engine.StepState.WAITING_FOR_APPROVAL)
            .map(io.etcddr.engine.StepStatus::id)
            .toList();
    if (waiting.size() != 1) {
      throw new Refused(
          waiting.isEmpty()
              ? "cannot decide: no approval of " + id + " is waiting; name the step"
              : "cannot decide: several approvals wait ("
                  + String.join(", ", waiting)
                  + "); name the step");
    }
    return waiting.get(0);
  }

  /** Approves or rejects; the answer says what was decided. */
  public String decide(String id, ApprovalDecision decision) {
    WorkflowStub stub = running(id, "decide on");
    try {
      return stub.update(RunbookWorkflow.UPDATE_DECIDE, String.class, decision);
    } catch (WorkflowUpdateException e) {
      throw new Refused("cannot decide: " + rootMessage(e));
    }
  }

  /** Aborts: running steps are cancelled, then the run's onFailure steps run. */
  public void abort(String id, AbortRequest request) {
    WorkflowStub stub = running(id, "abort");
    stub.signal(RunbookWorkflow.SIGNAL_ABORT, request);
    // no reason here: a cancel request's reason is kept in clear, the signal's payload is not
    stub.cancel();
  }

  private WorkflowStub running(String id, String what) {
    WorkflowStub stub = existing(id);
    WorkflowExecutionStatus status = stub.describe().getStatus();
    if (status != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
      throw new Refused(
          "cannot " + what + " run " + id + ": it already ended (" + statusName(status) + ")");
    }
    return stub;
  }

  /**
   * How one run of a workflow id stands: running, completed, failed, canceled, terminated, timed
   * out or continued as new; "unknown" when the server no longer has it.
   */
  public String outcome(String workflowId, String runId) {
    try {
      return statusName(
          temporal
              .client()
              .newUntypedWorkflowStub(
                  WorkflowExecution.newBuilder()
                      .setWorkflowId(workflowId)
                      .setRunId(runId == null ? "" : runId)
                      .build(),
                  Optional.empty())
              .describe()
              .getStatus());
    } catch (WorkflowNotFoundException gone) {
      return "unknown";
    }
  }

  /** A workflow execution's status as people read it: running, completed, failed, canceled... */
  public static String statusName(WorkflowExecutionStatus status) {
    return status.name().replace("WORKFLOW_EXECUTION_STATUS_", "").toLowerCase(Locale.ROOT);
  }

  /** The innermost message of a Temporal failure chain: the workflow's own words. */
  public static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    String message =
        root instanceof ApplicationFailure app ? app.getOriginalMessage() : root.getMessage();
    return message == null ? root.getClass().getSimpleName() : message;
  }
}
