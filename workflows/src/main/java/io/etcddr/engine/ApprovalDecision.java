package io.etcddr.engine;

/**
 * An approval or rejection, as sent by the `approve` signal (the Web UI's "Send a signal" form),
 * the update of the same meaning, the CLI or the HTTP API.
 *
 * @param step the approval step's id; null approves the only approval that is waiting
 * @param approved null counts as true, so {@code {"by": "alice"}} approves
 * @param identity who decided, as the worker verified and signed it; null for a bare decision,
 *     which counts only for approvals that ask for no `people`, `roles` or `approvers`
 */
public record ApprovalDecision(
    String step, Boolean approved, String by, String comment, VerifiedIdentity identity) {

  public ApprovalDecision(String step, Boolean approved, String by, String comment) {
    this(step, approved, by, comment, null);
  }

  public boolean isApproval() {
    return approved == null || approved;
  }

  public String who() {
    if (identity != null) {
      return identity.name();
    }
    return by == null || by.isBlank() ? "someone" : by;
  }
}
