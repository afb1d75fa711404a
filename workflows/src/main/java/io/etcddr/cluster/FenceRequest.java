package io.etcddr.cluster;

import java.util.List;

/**
 * The input of the agent's `fence.node`, from a runbook step or from a fence order.
 *
 * @param containers what must never serve again (default kube-apiserver, etcd)
 * @param dataDir the old etcd data dir, moved aside (default /var/lib/etcd)
 * @param orderId names the dir kept aside, so a retried fence finds its own work
 */
public record FenceRequest(
    String cluster, List<String> containers, String dataDir, String orderId) {

  public static final List<String> DEFAULT_CONTAINERS = List.of("kube-apiserver", "etcd");
  public static final String DEFAULT_DATA_DIR = "/var/lib/etcd";

  public FenceRequest {
    containers =
        containers == null || containers.isEmpty() ? DEFAULT_CONTAINERS : List.copyOf(containers);
    dataDir = dataDir == null || dataDir.isBlank() ? DEFAULT_DATA_DIR : dataDir;
  }
}
