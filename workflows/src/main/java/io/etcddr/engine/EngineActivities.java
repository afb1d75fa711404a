package io.etcddr.engine;

import io.etcddr.contract.PlanInput;
import io.etcddr.runbook.compile.Plan;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;
import java.util.Map;

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

  /**
   * Checks a run's inputs against the inventory before any step: the cluster exists and every node
   * input names one of its nodes. Fails non-retryably ({@code BadInput}) with one line that names
   * the input and the known nodes.
   */
  @ActivityMethod(name = "engine.checkInputs")
  void checkInputs(List<PlanInput> declared, Map<String, Object> inputs);

  /**
   * The worker's public approval key (X.509 SubjectPublicKeyInfo, base64), with which a run checks
   * the identities on its approvals; "" when the worker has no users file, so nobody can be
   * identified.
   */
  @ActivityMethod(name = "engine.approvalKey")
  String approvalKey();

  /** The node of a cluster that holds the CA key, where certificates are signed. */
  @ActivityMethod(name = "engine.caNode")
  String caNode(String cluster);

  /** The deploy node of a cluster in the inventory, where `rke` and cluster.yml live. */
  @ActivityMethod(name = "engine.deployNode")
  String deployNode(String cluster);
}
