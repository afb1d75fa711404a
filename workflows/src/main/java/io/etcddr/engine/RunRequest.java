package io.etcddr.engine;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.etcddr.runbook.compile.Plan;
import java.util.Map;

/**
 * The input of a {@link RunbookWorkflow}. Give either {@code runbook} (a name in the worker's
 * library: the workflow compiles it through an activity, so the Web UI's Start Workflow form needs
 * nothing but this JSON) or a compiled {@code plan}.
 *
 * @param searchAttributes true when the starter set the etcd-dr search attributes, so the workflow
 *     may upsert its status (a real server rejects unregistered attributes)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunRequest(
    String runbook, Plan plan, Map<String, Object> inputs, Boolean searchAttributes) {

  public RunRequest {
    inputs = inputs == null ? Map.of() : inputs;
  }

  public static RunRequest ofPlan(Plan plan, Map<String, Object> inputs) {
    return new RunRequest(plan.runbook(), plan, inputs, null);
  }

  public boolean upsertsSearchAttributes() {
    return Boolean.TRUE.equals(searchAttributes);
  }
}
