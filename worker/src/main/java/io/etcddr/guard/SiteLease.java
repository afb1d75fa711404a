package io.etcddr.guard;

import io.etcd.jetcd.Client;
import io.etcddr.activities.cert.RkeCertificateNames;
import io.etcddr.activities.etcd.EtcdClients;
import io.etcddr.activities.etcd.EtcdTls;
import io.etcddr.activities.fence.LeaseNote;
import io.etcddr.activities.fence.SelfFence;
import io.etcddr.activities.host.AgentPaths;
import io.etcddr.activities.inventory.Cluster;
import io.etcddr.activities.inventory.ClusterInventory;
import io.etcddr.activities.record.ClusterRecords;
import io.etcddr.activities.support.DaemonThreads;
import io.etcddr.contract.cluster.AgentSeen;
import io.etcddr.contract.cluster.ClusterRecord;
import io.etcddr.contract.cluster.Generation;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Self-fencing with a lease, on every node of a site that holds a cluster's voters, run by the
 * agent apart from its Temporal polling. The node keeps serving while the witness (the cluster's
 * record in Temporal) takes its reports or any node of another site answers ({@link LeaseClock});
 * once neither happened for {@code fenceAfter}, on its own monotonic clock, it takes kube-apiserver
 * and then etcd out of service ({@link SelfFence}: restart policy no, stopped, data left in place).
 * When contact returns it confirms the generation — from the record through the witness, or from
 * the learner in the other site — and, if it has not changed, brings both back by itself; if it
 * changed, they stay stopped and the fence order does the rest. Whatever cannot confirm it is
 * current stays fenced. Temporal down alone fences nobody: the other site still answers. As Oracle
 * Data Guard's primary shuts down when it loses both the observer and the standby.
 */
public final class SiteLease implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SiteLease.class);

  /** How often an agent that reaches the witness says so in the record. */
  static final Duration REPORT_EVERY = AgentSeen.REPORT_EVERY;

  private final String node;
  private final ClusterInventory inventory;
  private final ClusterRecords records;
  private final AgentPaths paths;
  private final SelfFence fence;
  private final Reach reach;
  private final String witnessHost;
  private final int witnessPort;
  private final Duration fenceAfter;
  private final LongSupplier nanos;
  private final Clock clock;
  private final Map<String, LeaseClock> leases = new java.util.concurrent.ConcurrentHashMap<>();
  private final Map<String, Long> lastReport = new java.util.concurrent.ConcurrentHashMap<>();
  private final Runnable witnessBack;
  private boolean witnessWasThere = true;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("site-lease"));

  /**
   * Tells the record apart from the lease's own thread: a record change can take up to its 30 s
   * bound (or hang in a cut link), and a lease whose thread waited on it would stop counting.
   */
  private final ExecutorService reporter =
      Executors.newSingleThreadExecutor(DaemonThreads.named("site-lease-report"));

  /** Reads the record for a release, for as long as {@link #RECORD_READ} allows. */
  private final ExecutorService reader =
      Executors.newCachedThreadPool(DaemonThreads.named("site-lease-read"));

  /** How long a release waits for the record before it asks the other site instead. */
  static final Duration RECORD_READ = Duration.ofSeconds(5);

  /**
   * The read of each cluster's record a release waits for: one at a time, and one begun at most
   * every {@link #REPORT_EVERY}. A held node checks every second; each read is a workflow task that
   * replays the record's history, and reads begun anew each second while earlier ones were still
   * queued piled up until nobody's query was answered.
   */
  private final Map<String, CompletableFuture<Optional<ClusterRecord>>> reads = new HashMap<>();

  private final Map<String, Long> lastReadBegun = new HashMap<>();

  private final AtomicBoolean reporting = new AtomicBoolean();

  SiteLease(
      String node,
      ClusterInventory inventory,
      ClusterRecords records,
      AgentPaths paths,
      SelfFence fence,
      String temporalAddress,
      Duration fenceAfter,
      LongSupplier nanos,
      Clock clock,
      Runnable witnessBack) {
    this.node = node;
    this.witnessBack = witnessBack;
    this.inventory = inventory;
    this.records = records;
    this.paths = paths;
    this.fence = fence;
    this.reach = new Reach(Duration.ofSeconds(1));
    int colon = temporalAddress.lastIndexOf(':');
    this.witnessHost = temporalAddress.substring(0, colon);
    this.witnessPort = Integer.parseInt(temporalAddress.substring(colon + 1));
    this.fenceAfter = fenceAfter;
    this.nanos = nanos;
    this.clock = clock;
  }

  /**
   * The lease of an agent, checked every second.
   *
   * @param witnessBack called when the witness answers again after it did not (the agent then
   *     reconnects to Temporal at once)
   */
  public static SiteLease start(
      String node,
      ClusterInventory inventory,
      ClusterRecords records,
      AgentPaths paths,
      SelfFence fence,
      String temporalAddress,
      Duration fenceAfter,
      Runnable witnessBack) {
    SiteLease lease =
        new SiteLease(
            node,
            inventory,
            records,
            paths,
            fence,
            temporalAddress,
            fenceAfter,
            System::nanoTime,
            Clock.systemUTC(),
            witnessBack);
    lease.timer.scheduleWithFixedDelay(lease::tick, 0, 1, TimeUnit.SECONDS);
    return lease;
  }

  void tick() {
    try {
      boolean witness = reach.answers(witnessHost, witnessPort);
      if (witness && !witnessWasThere) {
        witnessBack.run();
      }
      witnessWasThere = witness;
      for (String name : inventory.names()) {
        Optional<Cluster> cluster = inventory.find(name);
        Optional<Cluster.Node> here = cluster.flatMap(c -> c.node(node));
        if (here.isPresent()) {
          guard(cluster.get(), here.get(), witness);
        }
      }
    } catch (Exception e) {
      LOG.warn("the site lease could not be checked: {}", e.toString());
    }
  }

  private void guard(Cluster cluster, Cluster.Node here, boolean witness) throws Exception {
    Optional<LeaseNote> note = LeaseNote.read(paths, cluster.name());
    if (note.isEmpty() || !note.get().voterSites().contains(here.site())) {
      return; // no generation known yet, or this node's site holds no voter: nothing to guard
    }
    List<String> peers =
        cluster.nodes().stream()
            .filter(n -> n.site() != null && !n.site().equals(here.site()))
            .map(Cluster.Node::address)
            .toList();
    boolean peer = !peers.isEmpty() && reach.anyPeer(peers);
    long now = nanos.getAsLong();
    LeaseClock lease = leases.computeIfAbsent(cluster.name(), c -> new LeaseClock(fenceAfter, now));
    if (peer) {
      lease.peerAnswered(now);
    }
    if (witness) {
      report(cluster.name(), lease, now);
    }
    Optional<SelfFence.Held> held = fence.held();
    if (held.isPresent()) {
      settle(cluster, here, note.get(), held.get(), witness, peer);
      return;
    }
    if (lease.runOut(now)) {
      String reason =
          "no report taken by the witness and no answer from site(s) beyond "
              + here.site()
              + " for "
              + fenceAfter.toSeconds()
              + " s";
      List<String> stopped =
          fence.hold(reason, cluster.name(), note.get().generation(), clock.millis());
      LOG.warn(
          "cluster {}: {} fenced itself ({}): stopped {}", cluster.name(), node, reason, stopped);
    }
  }

  /**
   * A hold in force: finished while there is no contact (an agent killed halfway began it), ended
   * once the generation is confirmed current, handed to the fence order once it is not.
   */
  private void settle(
      Cluster cluster,
      Cluster.Node here,
      LeaseNote note,
      SelfFence.Held held,
      boolean witness,
      boolean peer)
      throws java.io.IOException {
    if (!witness && !peer) {
      List<String> stopped =
          fence.hold(held.reason(), held.cluster(), held.generation(), held.since());
      if (!stopped.isEmpty()) {
        LOG.warn(
            "cluster {}: {} finished its self-fence: stopped {}", cluster.name(), node, stopped);
      }
      return;
    }
    Optional<Boolean> current =
        note.generation() == held.generation()
            ? stillCurrent(cluster, here, note, witness)
            : Optional.of(false); // held under another generation than the one noted now
    if (current.isEmpty()) {
      fence.hold(held.reason(), held.cluster(), held.generation(), held.since()); // unconfirmed
      return;
    }
    if (current.get()) {
      List<String> started = fence.release();
      LOG.warn(
          "cluster {}: contact is back and generation {} is still current: {} serves again"
              + " (started {})",
          cluster.name(),
          note.generation(),
          node,
          started);
      return;
    }
    fence.handOverToFence();
    LOG.warn(
        "cluster {}: generation {} is no longer current: {} stays stopped; the fence order applies",
        cluster.name(),
        note.generation(),
        node);
  }

  /**
   * Whether the generation this node served is still current: from the record when the witness
   * answers (and no fence order waits for this node), else from a learner of the other site that
   * answers with the same cluster ID. Empty when neither can tell: the node stays fenced.
   */
  private Optional<Boolean> stillCurrent(
      Cluster cluster, Cluster.Node here, LeaseNote note, boolean witness) {
    if (witness) {
      try {
        Optional<Optional<ClusterRecord>> read = readRecord(cluster.name());
        if (read.isEmpty()) {
          return Optional.empty(); // the record's answer is on its way: stay held until it comes
        }
        Optional<ClusterRecord> record = read.get();
        Optional<Generation> current = record.flatMap(ClusterRecord::current);
        if (current.isEmpty()) {
          return Optional.empty();
        }
        boolean ordered = record.get().pendingFence(node).isPresent();
        return Optional.of(
            !ordered
                && current.get().number() == note.generation()
                && current.get().clusterId().equals(note.clusterId()));
      } catch (InterruptedException stopping) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      } catch (ExecutionException | RuntimeException unreachable) {
        // fall through to the other site
      }
    }
    for (String learner : note.learnerUrls()) {
      Optional<String> id = clusterIdAt(cluster, here, learner);
      if (id.isPresent()) {
        return Optional.of(id.get().equals(note.clusterId()));
      }
    }
    return Optional.empty();
  }

  /**
   * The record as the read in flight (or a new one, when it is time) gives it within {@link
   * #RECORD_READ}; empty when there is no answer yet (a read that takes longer stays in flight for
   * the next check). Throws when the read failed.
   */
  private Optional<Optional<ClusterRecord>> readRecord(String cluster)
      throws InterruptedException, ExecutionException {
    CompletableFuture<Optional<ClusterRecord>> read = reads.get(cluster);
    if (read == null) {
      long now = nanos.getAsLong();
      Long begun = lastReadBegun.get(cluster);
      if (begun != null && now - begun < REPORT_EVERY.toNanos()) {
        return Optional.empty(); // read a moment ago
      }
      lastReadBegun.put(cluster, now);
      read = CompletableFuture.supplyAsync(() -> records.find(cluster), reader);
      reads.put(cluster, read);
    }
    try {
      Optional<ClusterRecord> record = read.get(RECORD_READ.toMillis(), TimeUnit.MILLISECONDS);
      reads.remove(cluster);
      return Optional.of(record);
    } catch (TimeoutException notYet) {
      return Optional.empty();
    } catch (ExecutionException failed) {
      reads.remove(cluster);
      throw failed;
    }
  }

  /** The cluster ID a member answers with, asked with this node's own etcd certificate. */
  private Optional<String> clusterIdAt(Cluster cluster, Cluster.Node here, String url) {
    Path dir = paths.resolve(cluster.certDir());
    EtcdTls tls =
        new EtcdTls(
            dir.resolve(RkeCertificateNames.CA_CERT),
            RkeCertificateNames.etcdCert(dir, here.address()),
            RkeCertificateNames.etcdKey(dir, here.address()));
    try (Client client = EtcdClients.connect(List.of(url), tls)) {
      long id =
          client
              .getMaintenanceClient()
              .statusMember(url)
              .get(3, TimeUnit.SECONDS)
              .getHeader()
              .getClusterId();
      return Optional.of(Long.toHexString(id));
    } catch (Exception silent) {
      return Optional.empty();
    }
  }

  /**
   * Tells the record, at most every few seconds, that this agent reaches the witness; in the
   * background, one report at a time, so the lease never waits on Temporal. A report the record
   * took renews the lease as of when it was sent.
   */
  private void report(String cluster, LeaseClock lease, long now) {
    Long last = lastReport.get(cluster);
    if (last != null && now - last < REPORT_EVERY.toNanos()) {
      return;
    }
    if (!reporting.compareAndSet(false, true)) {
      return; // the last report is still on its way
    }
    lastReport.put(cluster, now);
    reporter.execute(
        () -> {
          try {
            records.agentSeen(cluster, new AgentSeen(node, fenceAfter.toMillis(), 0));
            lease.reportTaken(now);
          } catch (RuntimeException notNow) {
            lastReport.remove(cluster); // the next tick tries again
          } finally {
            reporting.set(false);
          }
        });
  }

  @Override
  public void close() {
    timer.shutdownNow();
    reporter.shutdownNow();
    reader.shutdownNow();
    reach.close();
  }
}
