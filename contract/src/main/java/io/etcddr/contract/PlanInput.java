package io.etcddr.contract;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A declared input: type spelled as in the runbook (`list<node>`), default as plain JSON. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PlanInput(
    String name, String type, boolean required, Object defaultValue, String description) {}
