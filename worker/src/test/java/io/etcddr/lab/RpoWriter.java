package io.etcddr.lab;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.options.GetOption;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A client writing at a steady rate through the voters, as kube-apiserver would, that remembers
 * every write etcd acknowledged: its key, revision and when the acknowledgement came. After a
 * failover it tells what was lost: every acknowledged write the learner had applied must be in the
 * restored cluster; the others are the measured RPO.
 */
final class RpoWriter implements AutoCloseable {

  static final String PREFIX = "/bench/rpo/";

  private final Client client;
  private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor();
  private final Map<String, long[]> acks = new ConcurrentHashMap<>();
  private final AtomicLong sent = new AtomicLong();

  private RpoWriter(Client client) {
    this.client = client;
  }

  /** Starts writing through the nodes' etcd, {@code perSecond} puts a second. */
  static RpoWriter start(LabFixture fixture, List<String> nodes, int perSecond) throws Exception {
    List<String> urls =
        nodes.stream().map(n -> "https://" + fixture.lab.node(n).address() + ":2379").toList();
    RpoWriter writer = new RpoWriter(fixture.etcdClient(urls));
    long every = 1_000_000 / perSecond;
    writer.ticks.scheduleAtFixedRate(writer::put, 0, every, TimeUnit.MICROSECONDS);
    return writer;
  }

  private void put() {
    String key = String.format("%s%08d", PREFIX, sent.getAndIncrement());
    client
        .getKVClient()
        .put(bytes(key), bytes("v"))
        .orTimeout(2, TimeUnit.SECONDS)
        .thenAccept(
            r -> acks.put(key, new long[] {r.getHeader().getRevision(), System.nanoTime()}));
  }

  /** Waits until a second's worth of writes was acknowledged. */
  void awaitSteady() throws InterruptedException {
    while (acks.size() < 500) {
      Thread.sleep(50);
    }
  }

  /** Goes on for {@code more}, then stops; what was acknowledged. */
  Acknowledged stopAfter(Duration more) throws InterruptedException {
    Thread.sleep(more.toMillis());
    ticks.shutdownNow();
    ticks.awaitTermination(5, TimeUnit.SECONDS);
    Thread.sleep(2_500); // the last puts end (acknowledged or timed out)
    return new Acknowledged(Map.copyOf(acks), sent.get());
  }

  @Override
  public void close() {
    ticks.shutdownNow();
    client.close();
  }

  /**
   * What etcd acknowledged: key → {revision, nanoTime of the acknowledgement}, and how many puts
   * were sent.
   */
  record Acknowledged(Map<String, long[]> acks, long sent) {

    long highestRevision() {
      return acks.values().stream().mapToLong(a -> a[0]).max().orElse(0);
    }

    /** What a restored cluster lost of them, given the revision its data was taken at. */
    Rpo lostIn(Client restored, long fromRevision) throws Exception {
      Set<String> present = new HashSet<>();
      ByteSequence prefix = bytes(PREFIX);
      for (KeyValue kv :
          restored
              .getKVClient()
              .get(prefix, GetOption.builder().isPrefix(true).withKeysOnly(true).build())
              .get(30, TimeUnit.SECONDS)
              .getKvs()) {
        present.add(kv.getKey().toString(StandardCharsets.UTF_8));
      }
      long applied = 0;
      long appliedMissing = 0;
      long lost = 0;
      long lastAppliedAck = Long.MIN_VALUE;
      long lastAck = Long.MIN_VALUE;
      for (Map.Entry<String, long[]> ack : acks.entrySet()) {
        long revision = ack.getValue()[0];
        long at = ack.getValue()[1];
        lastAck = Math.max(lastAck, at);
        if (revision <= fromRevision) {
          applied++;
          lastAppliedAck = Math.max(lastAppliedAck, at);
          if (!present.contains(ack.getKey())) {
            appliedMissing++;
          }
        } else if (!present.contains(ack.getKey())) {
          lost++;
        }
      }
      return new Rpo(
          acks.size(),
          applied,
          appliedMissing,
          lost,
          Math.max(0, highestRevision() - fromRevision),
          lastAppliedAck == Long.MIN_VALUE ? -1 : (lastAck - lastAppliedAck) / 1_000_000);
    }
  }

  /**
   * @param acknowledged writes etcd acknowledged before the cut
   * @param applied of those, the ones at or below the learner's last revision
   * @param appliedMissing of those, missing from the restored cluster (must be 0)
   * @param lost acknowledged writes the learner never had: the measured RPO
   * @param lagRevisions the learner's revision lag at the cut
   * @param lagMillis time between the last write the learner had and the last acknowledged one
   */
  record Rpo(
      long acknowledged,
      long applied,
      long appliedMissing,
      long lost,
      long lagRevisions,
      long lagMillis) {}

  private static ByteSequence bytes(String text) {
    return ByteSequence.from(text, StandardCharsets.UTF_8);
  }
}
