package io.etcddr.activities.etcddata;

import io.etcddr.activities.docker.DockerEngine;
import io.etcddr.activities.etcd.EtcdClusters;
import io.etcddr.activities.host.AgentPaths;
import io.etcddr.activities.host.DigestSidecar;
import io.etcddr.activities.preflight.PreflightTable;
import io.etcddr.activities.preflight.Preflighted;
import io.etcddr.activities.store.SnapshotStores;
import io.etcddr.activities.support.ActivityFailures;
import io.etcddr.activities.support.Heartbeats;
import io.etcddr.contract.StepContext;
import io.etcddr.contract.etcd.EndpointStatus;
import io.etcddr.contract.etcddata.EtcdDataActivities;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

public final class EtcdDataActivitiesImpl implements EtcdDataActivities, Preflighted {

  private final AgentPaths paths;
  private final EtcdBinaries binaries;
  private final SnapshotSource snapshots;
  private final SingleNodeRestore restores;
  private final OffsiteSnapshot offsite;
  private final DataDirSwap swaps;

  /**
   * @param clusters how this node reaches etcd (the inventory beside the agent, the clusters'
   *     durable records), for snapshots
   * @param docker the node's engine, for restores inside the etcd image; null when there is none
   * @param stores this node's snapshot key and store credentials, for snapshots that leave it
   */
  public EtcdDataActivitiesImpl(
      AgentPaths paths,
      EtcdBinaries binaries,
      EtcdClusters clusters,
      DockerEngine docker,
      SnapshotStores stores) {
    this.paths = paths;
    this.binaries = binaries;
    this.snapshots = new SnapshotSource(clusters);
    this.restores = new SingleNodeRestore(paths, binaries, docker);
    this.offsite = new OffsiteSnapshot(paths, snapshots, stores, Clock.systemUTC());
    this.swaps = new DataDirSwap(paths);
  }

  @Override
  public PreflightTable preflights() {
    return new EtcdDataPreflights(paths).table();
  }

  @Override
  public Snapshot snapshot(SnapshotRequest request, StepContext context) {
    if (request.store() != null && !request.store().isBlank()) {
      try {
        return offsite.take(request, context);
      } catch (IOException e) {
        throw ActivityFailures.retryable(
            "snapshot to " + request.store() + " failed: " + e.getMessage());
      }
    }
    Path target = paths.resolve(request.path());
    try {
      if (DigestSidecar.complete(target)) {
        DigestSidecar recorded = DigestSidecar.read(target).orElseThrow();
        return new Snapshot(
            request.path(),
            recorded.sha256(),
            Files.size(target),
            recorded.revision(),
            "",
            "",
            false);
      }
      EndpointStatus source = snapshots.choose(request.cluster(), request.endpoint());
      String sha256 =
          DurableFiles.write(
              target, out -> snapshots.stream(request.cluster(), source.endpoint(), out));
      long revision = source.revision() == null ? 0 : source.revision();
      new DigestSidecar(sha256, revision).writeFor(target);
      retain(target.toAbsolutePath().getParent(), request.retain());
      return new Snapshot(request.path(), sha256, Files.size(target), revision, "", "", false);
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
      Files.deleteIfExists(DigestSidecar.of(old));
    }
  }

  @Override
  public Copied copyBackend(CopyRequest request, StepContext context) {
    Path source = paths.resolve(request.dataDir());
    Path db = source.resolve("member/snap/db");
    Path target = paths.resolve(request.path());
    try {
      if (DigestSidecar.complete(target)) {
        return new Copied(
            request.path(),
            DigestSidecar.read(target).orElseThrow().sha256(),
            Files.size(target)); // done before
      }
      if (!Files.isRegularFile(db)) {
        throw ActivityFailures.badInput(
            "no etcd backend at " + request.dataDir() + "/member/snap/db on this node");
      }
      RunningMembers.holding(source)
          .ifPresent(
              pid -> {
                throw ActivityFailures.notYet(
                    "the member still runs (pid "
                        + pid
                        + " holds "
                        + request.dataDir()
                        + "); stop it first"
                        + " (docker.stop): a copy of a running member can be torn");
              });
      Path dataDir =
          request.workDir() == null || request.workDir().isBlank()
              ? source
              : WorkingCopy.of(source, paths.resolve(request.workDir()).resolve("data"));
      if (binaries.etcd() != null) {
        WalReplay.run(
            binaries.etcd(),
            dataDir,
            dataDir.resolveSibling(dataDir.getFileName() + ".wal-replay.log"));
      }
      Path backend = dataDir.resolve("member/snap/db");
      String sha256;
      try {
        sha256 = copy(backend, target);
      } catch (IOException e) {
        throw ActivityFailures.retryable(
            "copying the backend to "
                + request.path()
                + " failed: "
                + DurableFiles.whyNotWritten(target, Files.size(backend), e));
      }
      new DigestSidecar(sha256, 0).writeFor(target);
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
    return restores.restore(request, context);
  }

  @Override
  public Restored restoreMember(RestoreMemberRequest request, StepContext context) {
    return restores.restore(MemberOfNewCluster.request(request, context.node()), context);
  }

  @Override
  public Swapped useDataDir(SwapRequest request, StepContext context) {
    return swaps.swap(request);
  }

  private static String copy(Path db, Path target) throws IOException {
    return DurableFiles.write(
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
}
