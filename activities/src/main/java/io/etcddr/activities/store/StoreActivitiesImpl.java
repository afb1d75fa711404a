package io.etcddr.activities.store;

import io.etcddr.activities.host.AgentPaths;
import io.etcddr.activities.host.DigestSidecar;
import io.etcddr.activities.preflight.PreflightTable;
import io.etcddr.activities.preflight.Preflighted;
import io.etcddr.activities.support.ActivityFailures;
import io.etcddr.activities.support.Heartbeats;
import io.etcddr.contract.FailureType;
import io.etcddr.contract.Preflight;
import io.etcddr.contract.StepContext;
import io.etcddr.contract.store.StoreActivities;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.List;

public final class StoreActivitiesImpl implements StoreActivities, Preflighted {

  private final AgentPaths paths;
  private final SnapshotStores stores;
  private final Clock clock;

  public StoreActivitiesImpl(AgentPaths paths, SnapshotStores stores, Clock clock) {
    this.paths = paths;
    this.stores = stores;
    this.clock = clock;
  }

  @Override
  public Found find(FindRequest request, StepContext context) {
    StoreLocation location = StoreLocation.parse(request.store());
    try (SnapshotStore store = stores.open(location, request.storeEndpoint(), request.region())) {
      StoredSnapshot chosen = choose(store, request);
      return new Found(
          chosen.name(),
          location.locationOf(chosen.name()),
          chosen.revision(),
          chosen.sha256(),
          chosen.bytes(),
          chosen.created().toString(),
          Duration.between(chosen.created(), clock.instant()).toSeconds(),
          chosen.keyId());
    } catch (IOException e) {
      throw ActivityFailures.retryable("cannot read the store: " + e.getMessage());
    }
  }

  /** A complete snapshot of this name, or the failure that says the store has none. */
  private static StoredSnapshot named(SnapshotStore store, String name, String where)
      throws IOException {
    return store
        .find(name)
        .filter(StoredSnapshot::complete)
        .orElseThrow(() -> ActivityFailures.badInput("no snapshot `" + name + "` in " + where));
  }

  private static StoredSnapshot choose(SnapshotStore store, FindRequest request)
      throws IOException {
    if (request.name() != null && !request.name().isBlank()) {
      return named(store, request.name(), request.store());
    }
    Instant before = instant(request.before());
    List<StoredSnapshot> candidates =
        store.list().stream()
            .filter(StoredSnapshot::isSnapshot)
            .filter(s -> request.cluster() == null || request.cluster().equals(s.cluster()))
            .filter(s -> !s.created().isAfter(before))
            .toList();
    if (candidates.isEmpty()) {
      throw ActivityFailures.precondition(
          "no snapshot of cluster `"
              + request.cluster()
              + "` in "
              + request.store()
              + (before.equals(Instant.MAX) ? "" : " taken at or before " + request.before())
              + "; take one with the snapshot runbook");
    }
    return candidates.get(0);
  }

  /** find is a read; fetch checks the snapshot is in the store and fits where it goes. */
  @Override
  public PreflightTable preflights() {
    return new PreflightTable()
        .readsDeclaredBy(this)
        .add(
            "store.fetch",
            FetchRequest.class,
            (request, asked, context) -> {
              String would = "download and decrypt " + request.name() + " to " + request.path();
              if (!asked.unknown().isEmpty()) {
                return Preflight.atRunTime(would, PreflightTable.waitsFor(asked));
              }
              try (SnapshotStore store =
                  stores.open(
                      StoreLocation.parse(request.store()),
                      request.storeEndpoint(),
                      request.region())) {
                StoredSnapshot stored = named(store, request.name(), request.store());
                Path target = paths.resolve(request.path());
                java.nio.file.FileStore disk =
                    Files.getFileStore(existingAncestor(target.toAbsolutePath()));
                long needed = 2 * stored.bytes(); // the ciphertext, then the plain copy
                return disk.getUsableSpace() < needed
                    ? Preflight.notReady(
                        would,
                        "needs "
                            + needed / (1 << 20)
                            + " MiB, "
                            + disk.getUsableSpace() / (1 << 20)
                            + " MiB free")
                    : Preflight.ready(would + " (" + stored.bytes() / (1 << 20) + " MiB)");
              }
            });
  }

  private static Path existingAncestor(Path path) {
    Path existing = path;
    while (existing.getParent() != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    return existing;
  }

  @Override
  public Fetched fetch(FetchRequest request, StepContext context) {
    Path target = paths.resolve(request.path());
    StoreLocation location = StoreLocation.parse(request.store());
    try (SnapshotStore store = stores.open(location, request.storeEndpoint(), request.region())) {
      StoredSnapshot stored = named(store, request.name(), request.store());
      if (DigestSidecar.complete(target)
          && DigestSidecar.read(target).orElseThrow().sha256().equals(stored.sha256())) {
        return new Fetched(request.path(), stored.sha256(), Files.size(target), stored.revision());
      }
      SnapshotKeys keys = stores.keys();
      Files.createDirectories(target.toAbsolutePath().getParent());
      Path ciphertext = target.resolveSibling("." + target.getFileName() + ".download");
      Path plain = target.resolveSibling("." + target.getFileName() + ".partial");
      try {
        Heartbeats.duringIo(
            "downloading " + request.name(), () -> download(store, request.name(), ciphertext));
        String sha256 = decrypt(keys, ciphertext, plain, request.name());
        if (!sha256.equals(stored.sha256())) {
          throw ActivityFailures.of(
              FailureType.Fatal,
              "snapshot "
                  + request.name()
                  + " decrypts to content whose sha256 is not the one recorded with it; refusing to"
                  + " restore it");
        }
        Files.move(
            plain, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        new DigestSidecar(sha256, stored.revision()).writeFor(target);
        return new Fetched(request.path(), sha256, Files.size(target), stored.revision());
      } finally {
        Files.deleteIfExists(ciphertext);
        Files.deleteIfExists(plain);
      }
    } catch (IOException e) {
      throw ActivityFailures.retryable("cannot fetch " + request.name() + ": " + e.getMessage());
    }
  }

  private static Void download(SnapshotStore store, String name, Path file) throws IOException {
    store.download(name, file);
    return null;
  }

  /**
   * Decrypts and hashes in one pass. A read that fails is the ciphertext failing authentication
   * (refused, never retried); a write that fails is this node's disk (retried).
   */
  private static String decrypt(SnapshotKeys keys, Path ciphertext, Path plain, String name)
      throws IOException {
    MessageDigest digest = sha256();
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = keys.decrypting(Files.newInputStream(ciphertext), name);
        OutputStream out = new DigestOutputStream(Files.newOutputStream(plain), digest)) {
      while (true) {
        int read;
        try {
          read = in.read(buffer);
        } catch (IOException authentication) {
          throw ActivityFailures.of(
              FailureType.Fatal,
              "snapshot "
                  + name
                  + " failed authentication: it was changed after it was stored, or another key"
                  + " encrypted it; refusing to restore it");
        }
        if (read < 0) {
          break;
        }
        out.write(buffer, 0, read);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static Instant instant(String text) {
    if (text == null || text.isBlank()) {
      return Instant.MAX;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw ActivityFailures.badInput(
          "`before` " + text + " is not an RFC 3339 time such as 2026-12-01T03:00:00Z");
    }
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
