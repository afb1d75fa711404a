package io.etcddr.engine;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One step in the `status` query. Times are epoch milliseconds of workflow time; {@code outputs} is
 * the activity's result (a map node → result for a fan-out step).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StepStatus(
    String id,
    String name,
    String kind,
    boolean onFailure,
    StepState state,
    List<String> nodes,
    Long startedAt,
    Long endedAt,
    Object outputs,
    String error,
    String prompt) {}
