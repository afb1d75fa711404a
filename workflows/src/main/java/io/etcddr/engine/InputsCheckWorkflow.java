package io.etcddr.engine;

import io.etcddr.contract.PlanInput;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;
import java.util.Map;

/**
 * Asks the worker, which owns the inventory, whether a run's inputs name a known cluster and its
 * nodes, before the run exists. A starter that holds no inventory (an operator's laptop) starts
 * this instead of checking locally; nothing else happens in it.
 */
@WorkflowInterface
public interface InputsCheckWorkflow {

  String TYPE = "InputsCheck";

  /** The problem as one line naming the input and what is known, or "" when the inputs are good. */
  @WorkflowMethod(name = TYPE)
  String check(List<PlanInput> declared, Map<String, Object> inputs);
}
