package io.etcddr.engine;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Runs one compiled runbook. Its names are part of the product's contract: operators start it from
 * the Web UI by the type name {@code RunbookWorkflow} on task queue {@code etcd-dr}, and approve
 * with the signal {@code approve}.
 */
@WorkflowInterface
public interface RunbookWorkflow {

  String TYPE = "RunbookWorkflow";
  String SIGNAL_APPROVE = "approve";
  String UPDATE_DECIDE = "decide";
  String SIGNAL_ABORT = "abort";
  String QUERY_STATUS = "status";

  @WorkflowMethod(name = TYPE)
  RunResult run(RunRequest request);

  /** Approve or reject an approval step; decisions for steps not waiting yet are kept. */
  @SignalMethod(name = SIGNAL_APPROVE)
  void approve(ApprovalDecision decision);

  /** The same as the signal, for callers that want to know it was accepted. */
  @UpdateMethod(name = UPDATE_DECIDE)
  String decide(ApprovalDecision decision);

  @UpdateValidatorMethod(updateName = UPDATE_DECIDE)
  void validateDecide(ApprovalDecision decision);

  /** Stops the run: running steps are cancelled, then `onFailure` runs. */
  @SignalMethod(name = SIGNAL_ABORT)
  void abort(AbortRequest request);

  @QueryMethod(name = QUERY_STATUS)
  RunStatus status();
}
