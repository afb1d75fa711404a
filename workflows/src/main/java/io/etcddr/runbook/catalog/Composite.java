package io.etcddr.runbook.catalog;

import java.util.List;

/**
 * A catalog step the interpreter runs as activities of its own instead of one activity: how it
 * combines them, and which ({@code parts}, in the order the kind names them). The engine knows the
 * kinds, never the activities: those come from here.
 */
public record Composite(Kind kind, List<String> parts) {

  public enum Kind {
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

  public Composite {
    parts = List.copyOf(parts);
  }

  public String part(int index) {
    return parts.get(index);
  }
}
