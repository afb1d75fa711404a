package io.etcddr.runbook.compile;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.etcddr.contract.PlanInput;
import java.util.List;
import java.util.Map;

/**
 * A compiled runbook: plain, immutable data that travels in workflow histories. Identical runbook
 * text compiles to an equal Plan with the same JSON, so a replay never depends on files that
 * changed since.
 *
 * @param sourceSha256 digest of the runbook text the plan was compiled from
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Plan(
    String runbook,
    String description,
    String sourceSha256,
    List<PlanInput> inputs,
    List<PlanStep> steps,
    List<PlanStep> onFailure,
    PlanSchedule schedule,
    List<PlanTrigger> triggers,
    Map<String, Object> outputs) {

  public Plan {
    inputs = List.copyOf(inputs);
    steps = List.copyOf(steps);
    onFailure = List.copyOf(onFailure);
    triggers = List.copyOf(triggers);
    // Plans recorded before `outputs` existed have none; the order of declaration is kept.
    outputs =
        outputs == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(outputs));
  }
}
