package io.etcddr.activities.etcddata;

import io.etcddr.activities.host.AgentPaths;
import io.etcddr.activities.store.SnapshotKeys;
import io.etcddr.activities.store.SnapshotStore;
import io.etcddr.activities.store.SnapshotStores;
import io.etcddr.activities.store.StoreLocation;
import io.etcddr.activities.store.StoredSnapshot;
import io.etcddr.activities.support.ActivityFailures;
import io.etcddr.contract.StepContext;
import io.etcddr.contract.etcd.EndpointStatus;
import io.etcddr.contract.etcddata.EtcdDataActivities.Snapshot;
import io.etcddr.contract.etcddata.EtcdDataActivities.SnapshotRequest;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * `etcd.snapshot` to a store away from the cluster: the snapshot is encrypted on this node while it
 * streams from the voter (the plaintext never touches the disk), staged at the step's `path`,
 * uploaded with its sha256, revision, cluster, time and key id as metadata, then the stage is
 * removed and the store's retention applied. Named after the run, so a retried attempt finds the
 * snapshot its first attempt stored.
 */
final class OffsiteSnapshot {

  private final AgentPaths paths;
  private final SnapshotSource source;
  private final SnapshotStores stores;
  private final Clock clock;

  OffsiteSnapshot(AgentPaths paths, SnapshotSource source, SnapshotStores stores, Clock clock) {
    this.paths = paths;
    this.source = source;
    this.stores = stores;
    this.clock = clock;
  }

  Snapshot take(SnapshotRequest request, StepContext context) throws IOException {
    StoreLocation location = StoreLocation.parse(request.store());
    String name = name(request, context);
    try (SnapshotStore store = stores.open(location, request.storeEndpoint(), request.region())) {
      var done = store.find(name).filter(StoredSnapshot::complete);
      if (done.isPresent()) {
        return snapshot(location, done.get(), done.get().bytes());
      }
      SnapshotKeys keys = stores.keys();
      EndpointStatus voter = source.choose(request.cluster(), request.endpoint());
      Path stage = paths.resolve(request.path());
      MessageDigest plain = sha256();
      AtomicLong plainBytes = new AtomicLong();
      try {
        DurableFiles.write(
            stage,
            out -> {
              try (OutputStream sealed = keys.encrypting(new KeepOpen(out), name);
                  OutputStream hashed =
                      new DigestOutputStream(new Counting(sealed, plainBytes), plain)) {
                source.stream(request.cluster(), voter.endpoint(), hashed);
              }
            });
        Map<String, String> metadata =
            Map.of(
                StoredSnapshot.SHA256, HexFormat.of().formatHex(plain.digest()),
                StoredSnapshot.REVISION,
                    String.valueOf(voter.revision() == null ? 0 : voter.revision()),
                StoredSnapshot.CLUSTER, request.cluster(),
                StoredSnapshot.CREATED, clock.instant().toString(),
                StoredSnapshot.KEY_ID, keys.keyId());
        StoredSnapshot stored = store.put(name, stage, metadata);
        retain(store, request.cluster(), request.retain());
        return snapshot(location, stored, plainBytes.get());
      } finally {
        Files.deleteIfExists(stage);
      }
    }
  }

  private static Snapshot snapshot(StoreLocation location, StoredSnapshot stored, long bytes) {
    return new Snapshot(
        location.locationOf(stored.name()),
        stored.sha256(),
        bytes,
        stored.revision(),
        stored.name(),
        stored.keyId(),
        true);
  }

  /** The step's name, else the cluster and the run (the same on every attempt). */
  private static String name(SnapshotRequest request, StepContext context) {
    if (request.name() != null && !request.name().isBlank()) {
      if (!request.name().matches("[A-Za-z0-9._:-]+")) {
        throw ActivityFailures.badInput(
            "snapshot name `" + request.name() + "` may hold letters, digits and . _ : - only");
      }
      return request.name();
    }
    return request.cluster() + "-" + context.runId() + ".db.enc";
  }

  /** Keeps the cluster's newest {@code retain} snapshots in the store. */
  private static void retain(SnapshotStore store, String cluster, Integer retain)
      throws IOException {
    if (retain == null || retain < 1) {
      return;
    }
    List<StoredSnapshot> ours =
        store.list().stream()
            .filter(StoredSnapshot::isSnapshot)
            .filter(s -> cluster.equals(s.cluster()))
            .toList();
    for (StoredSnapshot old : ours.subList(Math.min(retain, ours.size()), ours.size())) {
      store.delete(old.name());
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** The file stays open for the durable writer's fsync after the cipher's last segment. */
  private static final class KeepOpen extends FilterOutputStream {
    KeepOpen(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }

  private static final class Counting extends FilterOutputStream {
    private final AtomicLong count;

    Counting(OutputStream out, AtomicLong count) {
      super(out);
      this.count = count;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count.addAndGet(len);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count.incrementAndGet();
    }
  }
}
