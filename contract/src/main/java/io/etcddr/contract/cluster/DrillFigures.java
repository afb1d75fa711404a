package io.etcddr.contract.cluster;

/**
 * What the last learner-drill measured, kept in the cluster's record for the next failover's
 * approval prompt and for doctor.
 *
 * @param lagRevisions the learner's lag at the drill's cut, before any wait: what a failover at
 *     that moment would have lost
 * @param catchUpRevisions the lag once the drill had waited for the learner to catch up
 * @param restoreMillis how long the drill's restore took
 * @param workflowId the drill's run
 * @param at epoch milliseconds, when it was recorded
 */
public record DrillFigures(
    long lagRevisions, long catchUpRevisions, long restoreMillis, String workflowId, long at) {}
