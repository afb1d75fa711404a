package io.etcddr.metrics;

import io.etcddr.activities.etcd.EtcdActivitiesImpl;
import io.etcddr.activities.inventory.ClusterInventory;
import io.etcddr.activities.support.DaemonThreads;
import io.etcddr.contract.etcd.ClusterHealth;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks every cluster of the inventory for its status at a fixed interval and exports what an
 * operator must never miss: {@code etcd_dr_split_brain{cluster}} is 1 while a foreign cluster (an
 * old generation come back, no agent there to fence it) answers with quorum at the cluster's
 * addresses, and {@code etcd_dr_cluster_generation{cluster}} is the current generation. The first
 * healthy status of a cluster without a record adopts its identity, as any status does.
 */
public final class SplitBrainMonitor implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SplitBrainMonitor.class);

  private final ClusterInventory inventory;
  private final EtcdActivitiesImpl etcd;
  private final MeterRegistry registry;
  private final Map<String, AtomicLong> splitBrain = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> generation = new ConcurrentHashMap<>();
  private final Map<String, String> lastProblem = new ConcurrentHashMap<>();
  private final Map<String, ClusterHealth> latest = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("split-brain-monitor"));

  private SplitBrainMonitor(
      ClusterInventory inventory, EtcdActivitiesImpl etcd, MeterRegistry registry) {
    this.inventory = inventory;
    this.etcd = etcd;
    this.registry = registry;
  }

  /** The monitor of a worker: the inventory beside it, the clusters' records in Temporal. */
  public static SplitBrainMonitor start(
      java.nio.file.Path clusters,
      io.temporal.client.WorkflowClient client,
      MeterRegistry registry,
      Duration interval) {
    ClusterInventory inventory = new ClusterInventory(clusters);
    return start(
        inventory,
        new EtcdActivitiesImpl(
            new io.etcddr.activities.etcd.EtcdClusters(
                inventory, new io.etcddr.activities.record.TemporalClusterRecords(client))),
        registry,
        interval);
  }

  public static SplitBrainMonitor start(
      ClusterInventory inventory,
      EtcdActivitiesImpl etcd,
      MeterRegistry registry,
      Duration interval) {
    SplitBrainMonitor monitor = new SplitBrainMonitor(inventory, etcd, registry);
    monitor.timer.scheduleWithFixedDelay(
        monitor::checkAll, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    return monitor;
  }

  void checkAll() {
    for (String cluster : inventory.names()) {
      try {
        ClusterHealth health = etcd.health(cluster);
        latest.put(cluster, health);
        boolean was =
            gauge(splitBrain, "etcd_dr_split_brain", cluster).getAndSet(health.splitBrain() ? 1 : 0)
                == 1;
        gauge(generation, "etcd_dr_cluster_generation", cluster).set(health.generation());
        if (health.splitBrain() && !was) {
          LOG.error("cluster {}: {}", cluster, health.splitBrainReason(cluster));
        }
      } catch (RuntimeException e) {
        LOG.warn(
            "cluster {}: status for the split-brain check failed: {}", cluster, e.getMessage());
      }
    }
  }

  /** The cluster's status from the last check, if one answered: what service discovery serves. */
  public java.util.Optional<ClusterHealth> latest(String cluster) {
    return java.util.Optional.ofNullable(latest.get(cluster));
  }

  private AtomicLong gauge(Map<String, AtomicLong> values, String name, String cluster) {
    return values.computeIfAbsent(
        cluster,
        c -> {
          AtomicLong value = new AtomicLong();
          Gauge.builder(name, value, AtomicLong::get).tag("cluster", c).register(registry);
          return value;
        });
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
