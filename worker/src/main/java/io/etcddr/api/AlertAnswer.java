package io.etcddr.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The webhook's 202: the runs the notification's alerts started or were answered with, what was
 * only recorded, and the alerts that could not start their runbook.
 */
record AlertAnswer(List<Entry> runs, List<Entry> recorded, List<String> problems) {

  /**
   * One alert and what became of it.
   *
   * @param outcome started, attached, or for a recorded one why nothing started
   * @param runOutcome how the run of a known incident stands (running, completed, failed...)
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Entry(
      String alert,
      String fingerprint,
      String outcome,
      String runbook,
      String workflowId,
      String runId,
      String link,
      String runOutcome) {

    static Entry recorded(AlertmanagerMessage.Alert alert, String why) {
      return new Entry(alert.name(), alert.fingerprint(), why, null, null, null, null, null);
    }
  }
}
