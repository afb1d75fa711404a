package io.etcddr.guard;

import io.etcddr.activities.fence.BootHold;
import io.etcddr.activities.fence.NodeFence;
import io.etcddr.activities.fence.ServedNote;
import io.etcddr.activities.host.AgentPaths;
import io.etcddr.activities.inventory.Cluster;
import io.etcddr.activities.inventory.ClusterInventory;
import io.etcddr.activities.record.ClusterRecords;
import io.etcddr.contract.cluster.ClusterRecord;
import io.etcddr.contract.cluster.FenceOrder;
import io.etcddr.contract.cluster.FenceRequest;
import io.etcddr.contract.cluster.Generation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a node does before its Docker engine starts (ordered before docker.service), for each
 * cluster it belongs to: a pending fence order is applied to its files at once, so the engine's
 * restart policy cannot bring the old etcd back even for a moment. A node that served a generation
 * and cannot confirm it is still current — Temporal out of reach within the wait, or a record that
 * knows no generation — fails closed: its data dir is held ({@link BootHold}) until its agent
 * learns the generation is current or a fence order arrives, or an operator releases it. A node
 * that never served boots as it would without etcd-dr.
 */
public final class FenceCheck {

  private static final Logger LOG = LoggerFactory.getLogger(FenceCheck.class);

  private final ClusterInventory inventory;
  private final ClusterRecords records;
  private final NodeFence fence;
  private final AgentPaths paths;
  private final Clock clock;

  public FenceCheck(
      ClusterInventory inventory,
      ClusterRecords records,
      NodeFence fence,
      AgentPaths paths,
      Clock clock) {
    this.inventory = inventory;
    this.records = records;
    this.fence = fence;
    this.paths = paths;
    this.clock = clock;
  }

  /** One line per cluster of the node: what was fenced, held, or that it may serve. */
  public List<String> run(String node, Duration wait) throws Exception {
    List<String> done = new ArrayList<>();
    for (String name : inventory.names()) {
      Optional<Cluster> cluster = find(name);
      if (cluster.isEmpty() || cluster.get().node(node).isEmpty()) {
        continue;
      }
      done.add("cluster " + name + ": " + check(cluster.get(), node, wait));
    }
    return done;
  }

  private String check(Cluster cluster, String node, Duration wait) throws Exception {
    Optional<ServedNote> served = ServedNote.read(paths, cluster.name());
    Optional<ClusterRecord> record;
    try {
      record = record(cluster.name(), wait);
    } catch (RuntimeException unreachable) {
      return served.isPresent()
          ? hold(cluster, served.get(), "Temporal did not answer within " + wait.toSeconds() + " s")
          : node + " never served it: booting without Temporal's answer";
    }
    Optional<FenceOrder> order = record.flatMap(r -> r.pendingFence(node));
    if (order.isPresent()) {
      FenceOrder o = order.get();
      var note =
          fence.files(
              new FenceRequest(cluster.name(), o.containers(), o.dataDir(), o.orderId()),
              true,
              clock.millis());
      return node
          + " fenced before its engine starts (order "
          + o.orderId()
          + " by "
          + o.workflowId()
          + "); old data kept at "
          + note.aside();
    }
    if (served.isEmpty()) {
      return "no fence order for " + node;
    }
    Optional<Generation> current = record.flatMap(ClusterRecord::current);
    if (current.isEmpty()) {
      return hold(cluster, served.get(), "the cluster's record knows no generation");
    }
    if (current.get().number() != served.get().generation()
        || !current.get().clusterId().equals(served.get().clusterId())) {
      return hold(
          cluster,
          served.get(),
          "the record's generation is "
              + current.get().number()
              + " but no fence order names this node");
    }
    boolean released = BootHold.release(paths, cluster.dataDir());
    return "generation "
        + current.get().number()
        + " is still current: "
        + node
        + " may serve"
        + (released ? " (its earlier hold released)" : "");
  }

  private String hold(Cluster cluster, ServedNote served, String why) throws Exception {
    String reason =
        "served generation " + served.generation() + " (" + served.clusterId() + "); " + why;
    Optional<BootHold> hold =
        BootHold.hold(paths, cluster.name(), cluster.dataDir(), reason, clock.millis());
    LOG.warn("fence check: cluster {}: {}: etcd held", cluster.name(), reason);
    return hold.isPresent()
        ? "HELD: "
            + reason
            + "; etcd stays down (data kept at "
            + hold.get().held()
            + ") until the generation is confirmed, a fence order arrives, or `etcd-dr"
            + " fence-check --release`"
        : reason + "; no data dir to hold";
  }

  private Optional<Cluster> find(String name) {
    try {
      return inventory.find(name);
    } catch (ClusterInventory.InventoryException e) {
      LOG.warn("fence check: {}", e.getMessage());
      return Optional.empty();
    }
  }

  /** The record, asking again until {@code wait} is over; unreachable then: a runtime failure. */
  private Optional<ClusterRecord> record(String cluster, Duration wait)
      throws InterruptedException {
    Instant deadline = clock.instant().plus(wait);
    while (true) {
      try {
        return records.find(cluster);
      } catch (RuntimeException unreachable) {
        if (clock.instant().isAfter(deadline)) {
          LOG.warn(
              "fence check: Temporal did not answer within {} ({})",
              wait,
              unreachable.getMessage());
          throw unreachable;
        }
        Thread.sleep(1000);
      }
    }
  }
}
