package io.etcddr.contract;

/**
 * Passed to every activity beside its `with:` values. {@code idempotencyKey} is made by the
 * workflow and is the same on every attempt of the step on this node, so an activity can recognise
 * work it already did.
 */
public record StepContext(
    String workflowId, String runId, String stepId, String node, String idempotencyKey) {}
