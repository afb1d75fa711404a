package io.etcddr.contract.cluster;

import java.util.List;

/**
 * What a failover tells the cluster's record before it restores: the nodes it fenced itself (their
 * agents answered) and the nodes to fence the moment their agents answer again.
 */
public record FenceCommand(
    List<FenceReport> fenced,
    List<String> unreachable,
    List<String> containers,
    String dataDir,
    String workflowId,
    String runId) {

  public FenceCommand {
    fenced = fenced == null ? List.of() : List.copyOf(fenced);
    unreachable = unreachable == null ? List.of() : List.copyOf(unreachable);
  }
}
