package io.etcddr.activities.etcd;

import java.util.List;

/**
 * A cluster as the etcd activities reach it: the client URLs of its current generation, the
 * addresses where an older generation of it may still answer (the inventory's, earlier
 * generations'), the cluster ID every answer must carry, and the TLS files.
 *
 * @param expectedId null until the cluster's identity is known (the first healthy status adopts it)
 * @param generation the current generation's number, 0 when none is recorded
 */
public record EtcdCluster(
    String name,
    List<String> endpoints,
    List<String> watched,
    String expectedId,
    int generation,
    EtcdTls tls) {

  public EtcdCluster {
    endpoints = List.copyOf(endpoints);
    watched = List.copyOf(watched);
  }

  /** The same cluster asked at other endpoints (a step's explicit `endpoints`). */
  EtcdCluster at(List<String> explicit) {
    return new EtcdCluster(name, explicit, List.of(), null, generation, tls);
  }
}
