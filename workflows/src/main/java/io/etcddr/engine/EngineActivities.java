package io.etcddr.engine;

import io.etcddr.runbook.compile.Plan;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * What the interpreter needs from the worker's files, as activities so that replay never reads
 * them.
 */
@ActivityInterface
public interface EngineActivities {

  /**
   * Loads the named runbook from the worker's library and compiles it. Fails non-retryably ({@code
   * UnknownRunbook}, {@code InvalidRunbook}) with the diagnostics when it cannot.
   */
  @ActivityMethod(name = "engine.loadPlan")
  Plan loadPlan(String runbook);

  /** The node of a cluster that holds the CA key, where certificates are signed. */
  @ActivityMethod(name = "engine.caNode")
  String caNode(String cluster);

  /** The deploy node of a cluster in the inventory, where `rke` and cluster.yml live. */
  @ActivityMethod(name = "engine.deployNode")
  String deployNode(String cluster);
}
