package io.etcddr.engine;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * The answer of the `status` query: the run and every step, in plan order; once it ended, the
 * runbook's declared outputs (an output whose value could not be had, e.g. of a step that never
 * ran, is null).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunStatus(
    String runbook,
    RunState state,
    Map<String, Object> inputs,
    long startedAt,
    Long endedAt,
    List<StepStatus> steps,
    String failure,
    String abortedBy,
    Map<String, Object> outputs) {}
