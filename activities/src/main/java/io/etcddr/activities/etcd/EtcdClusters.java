package io.etcddr.activities.etcd;

import io.etcddr.activities.inventory.Cluster;
import io.etcddr.activities.inventory.ClusterInventory;
import io.etcddr.activities.record.ClusterRecords;
import io.etcddr.activities.support.ActivityFailures;
import io.etcddr.contract.cluster.ClusterRecord;
import io.etcddr.contract.cluster.Generation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Resolves a cluster name to where its etcd answers now: the current generation from the cluster's
 * durable record when there is one, else the inventory's endpoints. The inventory describes nodes
 * and sites and is never rewritten by a run; after a failover it still lists the old members, which
 * are then watched for answers of the old cluster.
 */
public final class EtcdClusters {

  private final ClusterInventory inventory;
  private final ClusterRecords records;

  public EtcdClusters(ClusterInventory inventory, ClusterRecords records) {
    this.inventory = inventory;
    this.records = records;
  }

  /** The same clusters, their records read and never written. */
  public EtcdClusters readOnly() {
    return new EtcdClusters(inventory, ClusterRecords.readOnly(records));
  }

  public ClusterRecords records() {
    return records;
  }

  public EtcdCluster resolve(String name) {
    Cluster cluster = described(name);
    Optional<Generation> current = records.find(name).flatMap(ClusterRecord::current);
    List<String> endpoints =
        current
            .map(Generation::clientUrls)
            .filter(urls -> !urls.isEmpty())
            .orElse(cluster.etcd().endpoints());
    Set<String> watched = new LinkedHashSet<>(cluster.etcd().endpoints());
    records
        .find(name)
        .ifPresent(
            r -> {
              r.generations().forEach(g -> watched.addAll(g.clientUrls()));
              // where nodes say they served a generation this record lost: ask there too
              r.nodeReports().stream()
                  .map(io.etcddr.contract.cluster.NodeReport::clientUrl)
                  .filter(u -> u != null && !u.isBlank())
                  .forEach(watched::add);
            });
    watched.removeAll(endpoints);
    return new EtcdCluster(
        name,
        endpoints,
        new ArrayList<>(watched),
        current.map(Generation::clusterId).orElse(null),
        current.map(Generation::number).orElse(0),
        tls(cluster));
  }

  /** The cluster as the inventory describes it: its nodes, sites and TLS files. */
  public Cluster described(String name) {
    try {
      Cluster cluster = inventory.require(name);
      if (cluster.etcd() == null || cluster.etcd().endpoints().isEmpty()) {
        throw ActivityFailures.badInput(
            "cluster `" + name + "` lists no etcd endpoints in " + inventory.directory());
      }
      return cluster;
    } catch (ClusterInventory.InventoryException e) {
      throw ActivityFailures.badInput(e.getMessage());
    }
  }

  private static EtcdTls tls(Cluster cluster) {
    return new EtcdTls(
        Path.of(cluster.etcd().caCert()),
        Path.of(cluster.etcd().cert()),
        Path.of(cluster.etcd().key()));
  }
}
