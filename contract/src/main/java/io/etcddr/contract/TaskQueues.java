package io.etcddr.contract;

/** Where work is routed: the worker's queue, and one queue per node served by its agent. */
public final class TaskQueues {

  public static final String WORKER = "etcd-dr";

  private TaskQueues() {}

  /** Temporal's worker-specific task queue pattern: no SSH, no shared disk. */
  public static String node(String node) {
    return WORKER + "@" + node;
  }
}
