package io.etcddr.contract;

/** How the interpreter combines the activities of a composite step ({@link Composed}). */
public enum CompositeKind {
  /**
   * parts[0] on each node of the step's `nodes` input, on that node's own task queue, which must
   * take it within the step's `timeout`: outputs `answering` and `unreachable`.
   */
  EACH_NODE_ANSWERS,
  /**
   * parts: prepare on the target node (a valid certificate is reused), sign on the cluster's CA
   * node, install on the target; only the CSR and the certificate pass through the workflow.
   */
  SIGNED_ON_CA_NODE
}
