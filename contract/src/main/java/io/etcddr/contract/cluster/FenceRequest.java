package io.etcddr.contract.cluster;

import io.etcddr.contract.Key;
import java.util.List;

/** The input of the agent's `fence.node`, from a runbook step or from a fence order. */
public record FenceRequest(
    @Key("cluster name; endpoints and TLS come from the inventory") String cluster,
    @Key(value = "what must never serve again (default kube-apiserver, etcd)", optional = true)
        List<String> containers,
    @Key(value = "the old etcd data dir, moved aside (default /var/lib/etcd)", optional = true)
        String dataDir,
    @Key(value = "names the dir kept aside, so a retried fence finds its own work", optional = true)
        String orderId) {

  public static final List<String> DEFAULT_CONTAINERS = List.of("kube-apiserver", "etcd");
  public static final String DEFAULT_DATA_DIR = "/var/lib/etcd";

  public FenceRequest {
    containers =
        containers == null || containers.isEmpty() ? DEFAULT_CONTAINERS : List.copyOf(containers);
    dataDir = dataDir == null || dataDir.isBlank() ? DEFAULT_DATA_DIR : dataDir;
  }
}
