package io.etcddr.contract.cluster;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What a node's own notes say, as its agent reports them to a record that has no generation (a
 * Temporal that lost its database): the generation it last served and whether a fence was applied
 * to it. The record then refuses to adopt whatever answers as generation 1 when a node knows
 * better.
 *
 * @param clusterId the etcd cluster ID the node last served (empty when it never served one)
 * @param generation that cluster's generation (0 when unknown)
 * @param clientUrl the node's member's client URL in it, where it may still answer
 * @param fenceOrderId the fence applied to the node's old data dir (empty when none)
 * @param reportedAt epoch milliseconds, the agent's clock
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NodeReport(
    String node,
    String clusterId,
    int generation,
    String clientUrl,
    String fenceOrderId,
    long reportedAt) {

  public boolean fenced() {
    return fenceOrderId != null && !fenceOrderId.isBlank();
  }

  /** Why adopting {@code clusterId} as generation 1 would contradict this node; empty if not. */
  public java.util.Optional<String> contradicts(String clusterId) {
    if (fenced()) {
      return java.util.Optional.of(
          "node " + node + " carries fence " + fenceOrderId + ": its cluster was replaced");
    }
    if (generation > 1 || (generation == 1 && !clusterId.equals(this.clusterId))) {
      return java.util.Optional.of(
          "node "
              + node
              + " last served generation "
              + generation
              + " (cluster ID "
              + this.clusterId
              + (clientUrl == null || clientUrl.isBlank() ? "" : " at " + clientUrl)
              + ")");
    }
    return java.util.Optional.empty();
  }
}
