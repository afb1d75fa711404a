package io.etcddr.contract.cluster;

/**
 * One alert incident and the run it got: an incident is a runbook, a cluster, an alert's
 * fingerprint and its startsAt. Alertmanager repeats a firing alert with the same fingerprint and
 * startsAt until it resolves; every repeat is the same incident and gets the same run, running or
 * ended.
 */
public record Incident(
    String runbook,
    String fingerprint,
    String startsAt,
    String workflowId,
    String runId,
    long recordedAt) {

  public String key() {
    return runbook + "|" + fingerprint + "|" + startsAt;
  }
}
