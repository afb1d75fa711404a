package io.etcddr.guard;

import io.etcddr.activities.docker.ContainerAllowList;
import io.etcddr.activities.fence.FenceActivitiesImpl;
import io.etcddr.activities.fence.FenceNote;
import io.etcddr.activities.fence.LeaseNote;
import io.etcddr.activities.fence.NodeFence;
import io.etcddr.activities.fence.ServedNote;
import io.etcddr.activities.host.AgentPaths;
import io.etcddr.activities.inventory.Cluster;
import io.etcddr.activities.inventory.ClusterInventory;
import io.etcddr.activities.record.ClusterRecords;
import io.etcddr.activities.support.DaemonThreads;
import io.etcddr.contract.StepContext;
import io.etcddr.contract.cluster.ClusterRecord;
import io.etcddr.contract.cluster.FenceCommand;
import io.etcddr.contract.cluster.FenceOrder;
import io.etcddr.contract.cluster.FenceReport;
import io.etcddr.contract.cluster.FenceRequest;
import io.etcddr.contract.cluster.Generation;
import io.etcddr.contract.cluster.NodeReport;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On an agent, apart from its task queue: keeps the node's own notes in step with the clusters'
 * records. Every node notes the current generation, its voters' sites and its learners ({@link
 * LeaseNote}: what {@link SiteLease} guards by when Temporal is out of reach); while the record
 * lists a member on this node, the generation it serves is written down too ({@link ServedNote}).
 * While a record has no generation at all — a Temporal whose database was lost — the node reports
 * what it knows (the generation it served, a fence applied to it), so the record refuses to adopt
 * an older cluster as generation 1. A fence order the record holds for this node is applied from
 * here as well as through the task queue: after a heal the queue's delivery waits out its retry
 * backoff, the record is read every round.
 */
public final class NodeNotes implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(NodeNotes.class);

  private final String node;
  private final ClusterInventory inventory;
  private final ClusterRecords records;
  private final AgentPaths paths;
  private final io.etcddr.activities.docker.DockerEngine engine;
  private final FenceActivitiesImpl fence;
  private final Clock clock;
  private final java.util.Map<String, String> lastFailure =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("node-notes"));

  NodeNotes(
      String node,
      ClusterInventory inventory,
      ClusterRecords records,
      AgentPaths paths,
      io.etcddr.activities.docker.DockerEngine engine,
      ContainerAllowList containers,
      Clock clock) {
    this.node = node;
    this.inventory = inventory;
    this.records = records;
    this.paths = paths;
    this.engine = engine;
    this.fence = new FenceActivitiesImpl(new NodeFence(paths, engine, containers), node, clock);
    this.clock = clock;
  }

  public static NodeNotes start(
      String node,
      ClusterInventory inventory,
      ClusterRecords records,
      AgentPaths paths,
      io.etcddr.activities.docker.DockerEngine engine,
      ContainerAllowList containers,
      Duration every) {
    NodeNotes notes =
        new NodeNotes(node, inventory, records, paths, engine, containers, Clock.systemUTC());
    notes.timer.scheduleWithFixedDelay(
        notes::everyCluster, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    return notes;
  }

  /** One round; nothing may escape it, or the executor would silently stop every later round. */
  void everyCluster() {
    try {
      eachCluster();
    } catch (Throwable unexpected) {
      LOG.error("the node's notes round failed; the next round tries again", unexpected);
    }
  }

  private void eachCluster() {
    for (String name : inventory.names()) {
      try {
        Optional<Cluster.Node> here = inventory.find(name).flatMap(c -> c.node(node));
        if (here.isPresent()) {
          once(inventory.require(name), here.get());
        }
      } catch (Exception e) {
        // Temporal out of reach, a record being written: the next round tries again. A new kind
        // of failure is worth a warning once; the same one every 5 s is not.
        String why = e.toString();
        if (why.equals(lastFailure.put(name, why))) {
          LOG.debug("cluster {}: the node's notes were not brought up to date: {}", name, why);
        } else {
          LOG.warn("cluster {}: the node's notes were not brought up to date: {}", name, why);
        }
        continue;
      }
      lastFailure.remove(name);
    }
  }

  /** One round for one cluster this node belongs to. */
  void once(Cluster cluster, Cluster.Node here) throws Exception {
    Optional<ClusterRecord> record = records.find(cluster.name());
    if (record.isPresent()) {
      applyPendingFence(cluster, record.get());
    }
    Optional<Generation> current = record.flatMap(ClusterRecord::current);
    if (current.isPresent()) {
      LeaseNote lease = lease(cluster, current.get());
      if (!lease.sameAs(LeaseNote.read(paths, cluster.name()).orElse(null))) {
        lease.write(paths);
      }
      releaseConfirmedHold(cluster, record.get(), current.get());
      Optional<String> url = memberUrl(current.get(), here.address());
      if (url.isPresent()) {
        ServedNote served =
            new ServedNote(
                cluster.name(),
                current.get().clusterId(),
                current.get().number(),
                url.get(),
                clock.millis());
        if (!served.sameAs(ServedNote.read(paths, cluster.name()).orElse(null))) {
          served.write(paths);
          LOG.info(
              "cluster {}: {} serves generation {} (cluster ID {})",
              cluster.name(),
              node,
              served.generation(),
              served.clusterId());
        }
      }
      return;
    }
    Optional<ServedNote> served = ServedNote.read(paths, cluster.name());
    Optional<FenceNote> fence = FenceNote.read(paths.resolve(cluster.dataDir()));
    if (served.isEmpty() && fence.isEmpty()) {
      return;
    }
    NodeReport report =
        new NodeReport(
            node,
            served.map(ServedNote::clusterId).orElse(""),
            served.map(ServedNote::generation).orElse(0),
            served.map(ServedNote::clientUrl).orElse(""),
            fence.map(FenceNote::orderId).orElse(""),
            clock.millis());
    boolean known =
        record.map(ClusterRecord::nodeReports).orElse(java.util.List.of()).stream()
            .anyMatch(r -> sameReport(r, report));
    if (!known) {
      records.reportNode(cluster.name(), report);
      LOG.warn(
          "cluster {}: its record has no generation; {} reported what it knows: {}",
          cluster.name(),
          node,
          report.contradicts("").orElse("no generation served"));
    }
  }

  /** Fences this node by the order the record holds for it, and tells the record it is done. */
  private void applyPendingFence(Cluster cluster, ClusterRecord record) {
    Optional<FenceOrder> pending = record.pendingFence(node);
    if (pending.isEmpty()) {
      return;
    }
    FenceOrder order = pending.get();
    FenceReport report =
        fence.fence(
            new FenceRequest(cluster.name(), order.containers(), order.dataDir(), order.orderId()),
            new StepContext(order.workflowId(), order.runId(), "fence", node, order.orderId()));
    records.fence(
        cluster.name(),
        new FenceCommand(
            List.of(report),
            List.of(),
            order.containers(),
            order.dataDir(),
            order.workflowId(),
            order.runId()));
    LOG.warn(
        "cluster {}: {} fenced by order {} of {} (read from the record)",
        cluster.name(),
        node,
        order.orderId(),
        order.workflowId());
  }

  private static boolean sameReport(NodeReport a, NodeReport b) {
    return a.node().equals(b.node())
        && Objects.equals(a.clusterId(), b.clusterId())
        && a.generation() == b.generation()
        && Objects.equals(a.clientUrl(), b.clientUrl())
        && Objects.equals(a.fenceOrderId(), b.fenceOrderId());
  }

  /**
   * A data dir held at boot goes back once the record confirms that the generation this node served
   * is still the current one and no fence order waits for it; etcd is restarted on it.
   */
  private void releaseConfirmedHold(Cluster cluster, ClusterRecord record, Generation current)
      throws java.io.IOException {
    if (io.etcddr.activities.fence.BootHold.at(paths, cluster.dataDir()).isEmpty()
        || record.pendingFence(node).isPresent()) {
      return;
    }
    Optional<ServedNote> served = ServedNote.read(paths, cluster.name());
    if (served.isEmpty()
        || served.get().generation() != current.number()
        || !served.get().clusterId().equals(current.clusterId())) {
      return;
    }
    io.etcddr.activities.fence.BootHold.release(paths, cluster.dataDir());
    try {
      engine.client().restartContainerCmd("etcd").withTimeout(5).exec();
    } catch (RuntimeException noEtcd) {
      LOG.warn("cluster {}: etcd could not be restarted: {}", cluster.name(), noEtcd.toString());
    }
    LOG.warn(
        "cluster {}: generation {} is still current: {}'s held etcd data dir is back, etcd"
            + " restarted",
        cluster.name(),
        current.number(),
        node);
  }

  /** The generation as the node guards by it: its voters' sites, its learners' URLs. */
  private LeaseNote lease(Cluster cluster, Generation generation) {
    java.util.Set<String> voterSites = new java.util.TreeSet<>();
    java.util.List<String> learners = new java.util.ArrayList<>();
    for (Generation.Member member : generation.members()) {
      if (member.learner()) {
        learners.addAll(member.clientUrls());
        continue;
      }
      for (String url : member.clientUrls()) {
        cluster
            .nodeAt(URI.create(url).getHost())
            .map(Cluster.Node::site)
            .ifPresent(voterSites::add);
      }
    }
    return new LeaseNote(
        cluster.name(),
        generation.clusterId(),
        generation.number(),
        java.util.List.copyOf(voterSites),
        learners,
        clock.millis());
  }

  /** The client URL of the generation's member on this address, if it has one. */
  private static Optional<String> memberUrl(Generation generation, String address) {
    for (Generation.Member member : generation.members()) {
      for (String url : member.clientUrls()) {
        if (address.equals(URI.create(url).getHost())) {
          return Optional.of(url);
        }
      }
    }
    return Optional.empty();
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
