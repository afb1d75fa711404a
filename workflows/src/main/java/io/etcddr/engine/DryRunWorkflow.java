package io.etcddr.engine;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * A dry run: the runbook's plan resolved against the cluster as it is now, each step's activity
 * asked for a read-only preflight where it would run. It changes nothing — no step's effect, no
 * cluster record — and asks no approval: it shows them.
 */
@WorkflowInterface
public interface DryRunWorkflow {

  /** Dry runs have ids of their own, so they never collide with the one run per incident. */
  String ID_PREFIX = "dry-run/";

  @WorkflowMethod
  DryRunReport dryRun(RunRequest request);
}
