package io.etcddr.engine;

import java.util.List;

/**
 * Who decided an approval, as the worker verified it (a personal API token or an mTLS client
 * certificate), signed by the worker's approval key so that the run can check it came from the
 * worker: a signal typed into the Web UI or sent straight to Temporal cannot carry one. The
 * signature binds the decision to one run and one step; it is not secret.
 *
 * @param method how the worker identified the person: {@code token} or {@code mtls}
 * @param issuedAt when the worker signed it, epoch millis
 * @param signature Ed25519 over {@link #signedText()}, base64
 */
public record VerifiedIdentity(
    String name,
    List<String> roles,
    String method,
    String workflowId,
    String step,
    boolean approved,
    long issuedAt,
    String signature) {

  public VerifiedIdentity {
    roles = roles == null ? List.of() : List.copyOf(roles);
  }

  /** What the signature covers, one field per line, roles sorted. */
  public String signedText() {
    return String.join(
        "\n",
        "etcd-dr approval v1",
        workflowId,
        step,
        Boolean.toString(approved),
        name,
        String.join(",", roles.stream().sorted().toList()),
        method,
        Long.toString(issuedAt));
  }

  public VerifiedIdentity withSignature(String signed) {
    return new VerifiedIdentity(name, roles, method, workflowId, step, approved, issuedAt, signed);
  }
}
