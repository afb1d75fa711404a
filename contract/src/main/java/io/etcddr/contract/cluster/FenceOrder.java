package io.etcddr.contract.cluster;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A node of a lost site that must never serve the old cluster again: its kube-apiserver and etcd
 * stopped and disabled, its old etcd data dir moved aside (kept: it may hold the writes the
 * failover lost). An order waits in the cluster's record until the node's agent answers, then it is
 * delivered to that agent at once.
 *
 * @param orderId stable for the order: names the data dir kept aside
 * @param workflowId the run that ordered it
 * @param report how the fence went, once it is done
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FenceOrder(
    String node,
    String orderId,
    State state,
    List<String> containers,
    String dataDir,
    String workflowId,
    String runId,
    long orderedAt,
    Long doneAt,
    FenceReport report) {

  public FenceOrder {
    containers = containers == null ? List.of() : List.copyOf(containers);
  }

  public enum State {
    /** Waiting for the node's agent. */
    ORDERED,
    /** The node was fenced. */
    FENCED,
    /** The failover that ordered it made no generation; nothing to fence against. */
    WITHDRAWN
  }

  /** Short and stable per ordering run: the suffix of the data dir kept aside. */
  public static String idFor(String runId) {
    String id = runId == null || runId.isBlank() ? "manual" : runId.replace("-", "");
    return id.length() > 12 ? id.substring(0, 12) : id;
  }

  public FenceOrder with(State next, Long at, FenceReport result) {
    return new FenceOrder(
        node, orderId, next, containers, dataDir, workflowId, runId, orderedAt, at, result);
  }
}
