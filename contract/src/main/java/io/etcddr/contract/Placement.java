package io.etcddr.contract;

/** Where an activity runs, which decides its task queue and whether a step may say `on:`. */
public enum Placement {
  /** On the worker (task queue {@code etcd-dr}): needs only the network. `on:` is refused. */
  WORKER,
  /** On a node's agent (task queue {@code etcd-dr@<node>}): `on:` is required. */
  NODE,
  /** On the cluster's deploy node by default (from the inventory); `on:` may override it. */
  DEPLOY_NODE,
  /**
   * On the node that holds the cluster's CA key (the inventory's caNode); `on:` may override it.
   */
  CA_NODE;

  public String spelling() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
