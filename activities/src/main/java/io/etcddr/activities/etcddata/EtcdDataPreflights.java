package io.etcddr.activities.etcddata;

import io.etcddr.activities.host.AgentPaths;
import io.etcddr.activities.host.DigestSidecar;
import io.etcddr.activities.preflight.PreflightTable;
import io.etcddr.contract.Preflight;
import io.etcddr.contract.etcddata.EtcdDataActivities.CopyRequest;
import io.etcddr.contract.etcddata.EtcdDataActivities.RestoreMemberRequest;
import io.etcddr.contract.etcddata.EtcdDataActivities.RestoreRequest;
import io.etcddr.contract.etcddata.EtcdDataActivities.SnapshotRequest;
import io.etcddr.contract.etcddata.EtcdDataActivities.SwapRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the data steps would do on this node: the backend's real size against the free space where
 * copies and restores go, sources that exist, targets that do not (a restore never overwrites).
 */
final class EtcdDataPreflights {

  private static final long MIB = 1024 * 1024;

  private final AgentPaths paths;

  EtcdDataPreflights(AgentPaths paths) {
    this.paths = paths;
  }

  PreflightTable table() {
    return new PreflightTable()
        .add("etcd.snapshot", SnapshotRequest.class, (r, asked, c) -> snapshot(r))
        .add("etcd.copyBackend", CopyRequest.class, (r, asked, c) -> copy(r))
        .add(
            "etcd.restoreSingleNode",
            RestoreRequest.class,
            (r, asked, c) ->
                restore(
                    r.source(),
                    r.dataDir(),
                    "restore a new single-member cluster in " + r.dataDir()))
        .add(
            "etcd.restoreMember",
            RestoreMemberRequest.class,
            (r, asked, c) ->
                restore(r.source(), r.dataDir(), "restore this node's member in " + r.dataDir()))
        .add("etcd.useDataDir", SwapRequest.class, (r, asked, c) -> swap(r));
  }

  private Preflight snapshot(SnapshotRequest request) throws IOException {
    if (request.store() != null && !request.store().isBlank()) {
      return Preflight.ready("stream a snapshot, encrypted, to " + request.store());
    }
    Path target = paths.resolve(request.path());
    if (DigestSidecar.complete(target)) {
      return Preflight.ready("nothing: " + request.path() + " was taken before");
    }
    return Preflight.ready(
        "take a snapshot to " + request.path() + " (" + free(target) / MIB + " MiB free there)");
  }

  private Preflight copy(CopyRequest request) throws IOException {
    Path source = paths.resolve(request.dataDir());
    Path db = source.resolve("member/snap/db");
    Path target = paths.resolve(request.path());
    if (DigestSidecar.complete(target)) {
      return Preflight.ready("nothing: " + request.path() + " was copied before");
    }
    if (!Files.isRegularFile(db)) {
      return Preflight.notReady(
          "copy the backend", "no etcd backend at " + request.dataDir() + "/member/snap/db");
    }
    long size = Files.size(db);
    boolean workingCopy = request.workDir() != null && !request.workDir().isBlank();
    long needed = workingCopy ? 2 * size : size; // the working copy, then the backend's copy
    long free = free(target);
    String would =
        "replay the WAL"
            + (workingCopy ? " on a working copy" : "")
            + ", copy the backend ("
            + size / MIB
            + " MiB) to "
            + request.path();
    if (free < needed) {
      return Preflight.notReady(
          would, "needs " + needed / MIB + " MiB, " + free / MIB + " MiB free there");
    }
    return RunningMembers.holding(source)
        .map(pid -> Preflight.ready(would + "; the member runs now: an earlier step must stop it"))
        .orElse(Preflight.ready(would + " (" + free / MIB + " MiB free)"));
  }

  private Preflight restore(String source, String dataDir, String would) throws IOException {
    Path target = paths.resolve(dataDir);
    if (Files.exists(target)) {
      return Preflight.notReady(
          would, dataDir + " exists: a restore never overwrites; move it aside first");
    }
    if (source == null) {
      return Preflight.atRunTime(
          would + " (" + dataDir + " is free)", "its source comes from earlier steps");
    }
    Path from = paths.resolve(source);
    if (!Files.isRegularFile(from)) {
      return Preflight.atRunTime(would, source + " is not there yet: an earlier step makes it");
    }
    long needed = 2 * Files.size(from); // the restored backend and its WAL beside the source
    long free = free(target);
    return free < needed
        ? Preflight.notReady(would, "needs " + needed / MIB + " MiB, " + free / MIB + " MiB free")
        : Preflight.ready(would);
  }

  private Preflight swap(SwapRequest request) {
    String would = "put " + request.replacement() + " in place of " + request.dataDir();
    if (!Files.isDirectory(paths.resolve(request.replacement()))) {
      return Preflight.atRunTime(
          would, request.replacement() + " is not there yet: an earlier step makes it");
    }
    return Preflight.ready(would);
  }

  /** Free space on the file system that holds {@code path}, or would once it is made. */
  static long free(Path path) throws IOException {
    Path existing = path.toAbsolutePath();
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    return existing == null ? 0 : Files.getFileStore(existing).getUsableSpace();
  }
}
