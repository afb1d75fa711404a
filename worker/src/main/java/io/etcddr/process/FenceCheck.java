package io.etcddr.process;

import io.etcddr.activities.cluster.ClusterRecords;
import io.etcddr.activities.fence.NodeFence;
import io.etcddr.activities.inventory.Cluster;
import io.etcddr.activities.inventory.ClusterInventory;
import io.etcddr.cluster.FenceOrder;
import io.etcddr.cluster.FenceRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a node does before its Docker engine starts (ordered before docker.service): asks the
 * records of its clusters for a fence order against it and, if there is one, fences its files at
 * once, so that the engine's restart policy cannot bring the old etcd back even for a moment. The
 * agent's queued `fence.node` then disables and stops the containers. Waits a bounded time for
 * Temporal; without an answer the node boots as it would without etcd-dr (and the order still
 * reaches the agent when it polls).
 */
public final class FenceCheck {

  private static final Logger LOG = LoggerFactory.getLogger(FenceCheck.class);

  private final ClusterInventory inventory;
  private final ClusterRecords records;
  private final NodeFence fence;
  private final Clock clock;

  public FenceCheck(
      ClusterInventory inventory, ClusterRecords records, NodeFence fence, Clock clock) {
    this.inventory = inventory;
    this.records = records;
    this.fence = fence;
    this.clock = clock;
  }

  /** One line per cluster of the node: what was fenced, or that nothing was ordered. */
  public List<String> run(String node, Duration wait) throws InterruptedException {
    List<String> done = new ArrayList<>();
    for (String name : inventory.names()) {
      Optional<Cluster> cluster = find(name);
      if (cluster.isEmpty() || cluster.get().node(node).isEmpty()) {
        continue;
      }
      Optional<FenceOrder> order = pending(name, node, wait);
      if (order.isEmpty()) {
        done.add("cluster " + name + ": no fence order for " + node);
        continue;
      }
      FenceOrder o = order.get();
      var note =
          fence.files(
              new FenceRequest(name, o.containers(), o.dataDir(), o.orderId()),
              true,
              clock.millis());
      done.add(
          "cluster "
              + name
              + ": "
              + node
              + " fenced before its engine starts (order "
              + o.orderId()
              + " by "
              + o.workflowId()
              + "); old data kept at "
              + note.aside());
    }
    return done;
  }

  private Optional<Cluster> find(String name) {
    try {
      return inventory.find(name);
    } catch (ClusterInventory.InventoryException e) {
      LOG.warn("fence check: {}", e.getMessage());
      return Optional.empty();
    }
  }

  /** The pending order, asking again until {@code wait} is over when Temporal does not answer. */
  private Optional<FenceOrder> pending(String cluster, String node, Duration wait)
      throws InterruptedException {
    Instant deadline = clock.instant().plus(wait);
    while (true) {
      try {
        return records.find(cluster).flatMap(r -> r.pendingFence(node));
      } catch (RuntimeException unreachable) {
        if (clock.instant().isAfter(deadline)) {
          LOG.warn(
              "fence check: Temporal did not answer within {} ({}); booting without it",
              wait,
              unreachable.getMessage());
          return Optional.empty();
        }
        Thread.sleep(1000);
      }
    }
  }
}
