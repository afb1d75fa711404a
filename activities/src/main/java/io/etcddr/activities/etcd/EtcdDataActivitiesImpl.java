package io.etcddr.activities.etcd;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.etcddr.activities.ActivityFailures;
import io.etcddr.activities.Heartbeats;
import io.etcddr.activities.docker.DockerEngine;
import io.etcddr.activities.docker.OneShotContainer;
import io.etcddr.activities.host.AgentPaths;
import io.etcddr.activities.host.HostTools;
import io.etcddr.engine.StepContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

public final class EtcdDataActivitiesImpl implements EtcdDataActivities {

  static final String MARKER = "etcd-dr-restore.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final AgentPaths paths;
  private final EtcdBinaries binaries;
  private final SnapshotSource snapshots;
  private final DockerEngine docker;

  public EtcdDataActivitiesImpl(AgentPaths paths, EtcdBinaries binaries, EtcdClusters clusters) {
    this(paths, binaries, clusters, null);
  }

  /**
   * @param clusters how this node reaches etcd (the inventory beside the agent, the clusters'
   *     durable records), for snapshots
   * @param docker the node's engine, for restores inside the etcd image; null when there is none
   */
  public EtcdDataActivitiesImpl(
      AgentPaths paths, EtcdBinaries binaries, EtcdClusters clusters, DockerEngine docker) {
    this.paths = paths;
    this.binaries = binaries;
    this.snapshots = new SnapshotSource(clusters);
    this.docker = docker;
  }

  @Override
  public Snapshot snapshot(SnapshotRequest request, StepContext context) {
    Path target = paths.resolve(request.path());
    Path digestFile = target.resolveSibling(target.getFileName() + ".sha256");
    try {
      if (Files.exists(target) && Files.exists(digestFile)) {
        String[] recorded = Files.readString(digestFile).strip().split(" ");
        return new Snapshot(
            request.path(),
            recorded[0],
            Files.size(target),
            recorded.length > 1 ? Long.parseLong(recorded[1]) : 0);
      }
      EndpointStatus source = snapshots.choose(request.cluster(), request.endpoint());
      String sha256 =
          writeDurably(target, out -> snapshots.stream(request.cluster(), source.endpoint(), out));
      long revision = source.revision() == null ? 0 : source.revision();
      writeSynced(digestFile, sha256 + " " + revision + "\n");
      retain(target.toAbsolutePath().getParent(), request.retain());
      return new Snapshot(request.path(), sha256, Files.size(target), revision);
    } catch (IOException e) {
      throw ActivityFailures.retryable("snapshot failed: " + e.getMessage());
    }
  }

  /** Keeps the newest {@code retain} snapshots (files with our .sha256 beside them). */
  private static void retain(Path dir, Integer retain) throws IOException {
    if (retain == null || retain < 1) {
      return;
    }
    List<Path> ours;
    try (Stream<Path> files = Files.list(dir)) {
      ours =
          files
              .filter(f -> f.toString().endsWith(".sha256"))
              .map(f -> f.resolveSibling(f.getFileName().toString().replaceFirst("\\.sha256$", "")))
              .filter(Files::exists)
              .sorted(Comparator.comparing((Path f) -> f.toFile().lastModified()).reversed())
              .toList();
    }
    for (Path old : ours.subList(Math.min(retain, ours.size()), ours.size())) {
      Files.deleteIfExists(old);
      Files.deleteIfExists(old.resolveSibling(old.getFileName() + ".sha256"));
    }
  }

  @Override
  public Copied copyBackend(CopyRequest request, StepContext context) {
    Path dataDir = paths.resolve(request.dataDir());
    Path db = dataDir.resolve("member/snap/db");
    Path target = paths.resolve(request.path());
    Path digestFile = target.resolveSibling(target.getFileName() + ".sha256");
    try {
      if (Files.exists(target) && Files.exists(digestFile)) {
        return new Copied(
            request.path(),
            Files.readString(digestFile).strip(),
            Files.size(target)); // done before
      }
      if (!Files.isRegularFile(db)) {
        throw ActivityFailures.badInput(
            "no etcd backend at " + request.dataDir() + "/member/snap/db on this node");
      }
      RunningMembers.holding(dataDir)
          .ifPresent(
              pid -> {
                throw ActivityFailures.precondition(
                    "the member still runs (pid "
                        + pid
                        + " holds "
                        + request.dataDir()
                        + "); stop it first"
                        + " (docker.stop): a copy of a running member can be torn");
              });
      if (binaries.etcd() != null) {
        WalReplay.run(
            binaries.etcd(),
            dataDir,
            dataDir.resolveSibling(dataDir.getFileName() + ".wal-replay.log"));
      }
      String sha256 = copy(db, target);
      writeSynced(digestFile, sha256 + "\n");
      return new Copied(request.path(), sha256, Files.size(target));
    } catch (IOException e) {
      throw ActivityFailures.retryable("copying the backend failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ActivityFailures.retryable("interrupted");
    }
  }

  @Override
  public Restored restoreSingleNode(RestoreRequest request, StepContext context) {
    Path source = paths.resolve(request.source());
    Path dataDir = paths.resolve(request.dataDir());
    String token =
        request.clusterToken() != null
            ? request.clusterToken()
            : "etcd-dr-" + sha256Hex(context.idempotencyKey()).substring(0, 12);
    try {
      if (Files.exists(dataDir)) {
        return finishedEarlier(dataDir, request, token);
      }
      if (!Files.isRegularFile(source)) {
        throw ActivityFailures.badInput(
            "no snapshot or db copy at " + request.source() + " on this node");
      }
      Path staging = dataDir.resolveSibling("." + dataDir.getFileName() + ".restoring");
      HostTools.deleteTree(staging); // only ever ours: a crashed attempt's leftovers
      long start = System.nanoTime();
      Heartbeats.beat("restoring " + request.source());
      EtcdBinaries.Result result =
          request.image() == null || request.image().isBlank()
              ? restoreOnHost(request, source, staging, token)
              : restoreInImage(request, source, staging, token);
      if (result.exitCode() != 0) {
        HostTools.deleteTree(staging);
        throw ActivityFailures.of(
            io.etcddr.runbook.catalog.FailureType.Fatal,
            "snapshot restore failed (exit "
                + result.exitCode()
                + "): "
                + result.output()
                + (Boolean.TRUE.equals(request.backendCopy())
                    ? ""
                    : "; a copied db needs backendCopy: true"));
      }
      long millis = (System.nanoTime() - start) / 1_000_000;
      writeSynced(
          staging.resolve(MARKER),
          JSON.writeValueAsString(
              Map.of(
                  "source",
                  request.source(),
                  "sourceSha256",
                  sha256File(source),
                  "name",
                  request.name(),
                  "peerUrl",
                  request.peerUrl(),
                  "clusterToken",
                  token,
                  "millis",
                  millis)));
      Files.move(staging, dataDir, StandardCopyOption.ATOMIC_MOVE);
      return new Restored(request.dataDir(), token, true, millis);
    } catch (IOException e) {
      throw ActivityFailures.retryable("restore failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ActivityFailures.retryable("interrupted");
    }
  }

  private EtcdBinaries.Result restoreOnHost(
      RestoreRequest request, Path source, Path staging, String token)
      throws IOException, InterruptedException {
    if (binaries.restoreTool() == null) {
      throw ActivityFailures.precondition(
          "neither etcdutl nor etcdctl is installed on this node; set `image` to restore inside"
              + " the etcd image");
    }
    return EtcdBinaries.run(
        binaries.restoreCommand(
            source,
            staging,
            request.name(),
            request.peerUrl(),
            token,
            Boolean.TRUE.equals(request.backendCopy())),
        1800);
  }

  /**
   * The etcd image's own tool in a one-shot container, the source bound read-only and the staging
   * folder's parent read-write, each at its node path, so the command reads as on the node.
   */
  private EtcdBinaries.Result restoreInImage(
      RestoreRequest request, Path source, Path staging, String token) {
    if (docker == null) {
      throw ActivityFailures.precondition(
          "this agent has no Docker engine to run " + request.image());
    }
    EtcdBinaries tools = EtcdBinaries.inImage(request.image());
    String nodeSource = paths.toNode(source);
    String nodeStaging = paths.toNode(staging);
    List<String> command =
        tools.restoreCommand(
            Path.of(nodeSource),
            Path.of(nodeStaging),
            request.name(),
            request.peerUrl(),
            token,
            Boolean.TRUE.equals(request.backendCopy()));
    List<String> binds =
        List.of(
            source.getParent() + ":" + Path.of(nodeSource).getParent() + ":ro",
            staging.getParent() + ":" + Path.of(nodeStaging).getParent());
    OneShotContainer.Result result =
        Heartbeats.during(
            "restoring " + request.source() + " in " + request.image(),
            () ->
                OneShotContainer.run(
                    docker,
                    "etcd-dr-restore-" + sha256Hex(nodeStaging).substring(0, 12),
                    request.image(),
                    command,
                    List.of("ETCDCTL_API=3"),
                    binds,
                    java.time.Duration.ofMinutes(30)));
    return new EtcdBinaries.Result(result.exitCode(), result.output());
  }

  /** An existing data dir is this restore's own finished work, or it is refused. */
  private Restored finishedEarlier(Path dataDir, RestoreRequest request, String token)
      throws IOException {
    Path marker = dataDir.resolve(MARKER);
    if (Files.exists(marker)) {
      Map<?, ?> done = JSON.readValue(marker.toFile(), Map.class);
      if (request.source().equals(done.get("source")) && request.name().equals(done.get("name"))) {
        return new Restored(
            request.dataDir(),
            String.valueOf(done.get("clusterToken")),
            false,
            ((Number) done.get("millis")).longValue());
      }
    }
    throw ActivityFailures.precondition(
        "data dir "
            + request.dataDir()
            + " already exists and is not this restore's; etcd-dr never overwrites"
            + " a data dir: give the step a new dataDir");
  }

  private static String copy(Path db, Path target) throws IOException {
    return writeDurably(
        target,
        out -> {
          byte[] buffer = new byte[1 << 20];
          long copied = 0;
          try (InputStream in = Files.newInputStream(db)) {
            int read;
            while ((read = in.read(buffer)) > 0) {
              out.write(buffer, 0, read);
              copied += read;
              if ((copied & ((64 << 20) - 1)) == 0) {
                Heartbeats.beat("copied " + (copied >> 20) + " MiB");
              }
            }
          }
        });
  }

  /** Something that streams a file's content. */
  @FunctionalInterface
  private interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  /**
   * Streams content to a temporary sibling, fsyncs it and renames it into place, so a crash never
   * leaves a half-written file under the target's name; returns the content's sha256.
   */
  private static String writeDurably(Path target, Content content) throws IOException {
    Files.createDirectories(target.toAbsolutePath().getParent());
    Path temp = target.resolveSibling("." + target.getFileName() + ".partial");
    MessageDigest digest = sha256();
    try (FileChannel channel =
            FileChannel.open(
                temp,
                StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
        OutputStream out =
            new DigestOutputStream(java.nio.channels.Channels.newOutputStream(channel), digest)) {
      content.writeTo(out);
      out.flush();
      channel.force(true);
    }
    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return HexFormat.of().formatHex(digest.digest());
  }

  static String sha256File(Path file) throws IOException {
    MessageDigest digest = sha256();
    try (InputStream in = new java.security.DigestInputStream(Files.newInputStream(file), digest)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static void writeSynced(Path file, String text) throws IOException {
    try (FileChannel channel =
        FileChannel.open(
            file,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      channel.write(java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
      channel.force(true);
    }
  }

  private static String sha256Hex(String text) {
    return HexFormat.of().formatHex(sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
