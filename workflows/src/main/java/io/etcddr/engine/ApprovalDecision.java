package io.etcddr.engine;

/**
 * An approval or rejection, as sent by the `approve` signal (the Web UI's "Send a signal" form),
 * the update of the same meaning, the CLI or the HTTP API.
 *
 * @param step the approval step's id; null approves the only approval that is waiting
 * @param approved null counts as true, so {@code {"by": "alice"}} approves
 */
public record ApprovalDecision(String step, Boolean approved, String by, String comment) {

  public boolean isApproval() {
    return approved == null || approved;
  }

  public String who() {
    return by == null || by.isBlank() ? "someone" : by;
  }
}
