package io.etcddr.api;

import io.etcddr.activities.inventory.Cluster;
import io.etcddr.activities.inventory.ClusterInventory;
import io.etcddr.contract.etcd.ClusterHealth;
import io.etcddr.contract.etcd.EndpointStatus;
import io.etcddr.http.ApiRequest;
import io.etcddr.http.ApiResponse;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * `GET /v1/sd/etcd`: Prometheus HTTP service discovery of every cluster's etcd members, as the
 * current generation has them. After a failover Prometheus scrapes the restored member instead of
 * the lost ones, so EtcdQuorumLost resolves by itself. One target group per member, labelled with
 * cluster, member, node, site and role (voter, learner, or unknown while it does not answer).
 */
final class DiscoveryApi {

  private final ClusterInventory inventory;
  private final Function<String, Optional<ClusterHealth>> health;

  /**
   * @param health a cluster's latest status (the worker's periodic check), or empty before one
   */
  DiscoveryApi(ClusterInventory inventory, Function<String, Optional<ClusterHealth>> health) {
    this.inventory = inventory;
    this.health = health;
  }

  ApiResponse etcd(ApiRequest request) {
    List<Map<String, Object>> groups = new ArrayList<>();
    for (String name : inventory.names()) {
      Cluster cluster;
      try {
        cluster = inventory.require(name);
      } catch (ClusterInventory.InventoryException unreadable) {
        continue; // names() lists only readable ones; a file edited meanwhile waits for the next
      }
      Optional<ClusterHealth> status = health.apply(name);
      if (status.isPresent()) {
        for (EndpointStatus member : status.get().members()) {
          groups.add(group(cluster, member.endpoint(), member.name(), role(member)));
        }
      } else {
        for (String endpoint : cluster.etcd().endpoints()) {
          groups.add(group(cluster, endpoint, null, "unknown"));
        }
      }
    }
    return ApiResponse.json(200, groups);
  }

  private static String role(EndpointStatus member) {
    if (member.isLearner() == null) {
      return "unknown";
    }
    return member.isLearner() ? "learner" : "voter";
  }

  private static Map<String, Object> group(
      Cluster cluster, String endpoint, String member, String role) {
    URI url = URI.create(endpoint);
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("cluster", cluster.name());
    if (member != null && !member.isEmpty()) {
      labels.put("member", member);
    }
    cluster
        .nodeAt(url.getHost())
        .ifPresent(
            node -> {
              labels.put("node", node.name());
              if (node.site() != null) {
                labels.put("site", node.site());
              }
            });
    labels.put("role", role);
    Map<String, Object> group = new LinkedHashMap<>();
    group.put("targets", List.of(url.getHost() + ":" + url.getPort()));
    group.put("labels", labels);
    return group;
  }
}
