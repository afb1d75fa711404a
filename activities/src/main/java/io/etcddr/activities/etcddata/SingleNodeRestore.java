package io.etcddr.activities.etcddata;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.etcddr.activities.docker.DockerEngine;
import io.etcddr.activities.docker.OneShotContainer;
import io.etcddr.activities.host.AgentPaths;
import io.etcddr.activities.host.HostTools;
import io.etcddr.activities.support.ActivityFailures;
import io.etcddr.activities.support.Heartbeats;
import io.etcddr.contract.FailureType;
import io.etcddr.contract.StepContext;
import io.etcddr.contract.etcddata.EtcdDataActivities.RestoreRequest;
import io.etcddr.contract.etcddata.EtcdDataActivities.Restored;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * `etcd.restoreSingleNode`: a snapshot or copied db restored into a staging dir beside the target,
 * marked as this restore's, then renamed into place, so a crash leaves nothing a later step could
 * take for a finished restore. With etcdutl (3.5+) the revision jumps by {@code bumpRevision} and
 * the old revisions are marked compacted: kube-apiserver watch caches and informers hold revisions
 * of the old cluster, which must never be reused with other content. etcdctl 3.4 cannot; the result
 * then carries a warning (the failover restarts every kube-apiserver on the new etcd).
 */
final class SingleNodeRestore {

  static final String MARKER = "etcd-dr-restore.json";

  /** What etcd's recovery guide suggests: far above any revision a real cluster reaches. */
  static final long DEFAULT_BUMP = 1_000_000_000L;

  static final String NO_BUMP_WARNING =
      "etcdctl 3.4 cannot bump the revision (no --bump-revision): the new cluster's revisions"
          + " restart below ones kube-apiserver and its informers already saw; restart every"
          + " kube-apiserver on the new etcd (failover-to-learner does) so no watcher resumes";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final AgentPaths paths;
  private final EtcdBinaries binaries;
  private final DockerEngine docker;

  SingleNodeRestore(AgentPaths paths, EtcdBinaries binaries, DockerEngine docker) {
    this.paths = paths;
    this.binaries = binaries;
    this.docker = docker;
  }

  Restored restore(RestoreRequest request, StepContext context) {
    Path source = paths.resolve(request.source());
    Path dataDir = paths.resolve(request.dataDir());
    String token =
        request.clusterToken() != null
            ? request.clusterToken()
            : "etcd-dr-" + DurableFiles.sha256Hex(context.idempotencyKey()).substring(0, 12);
    try {
      if (Files.exists(dataDir)) {
        return finishedEarlier(dataDir, request);
      }
      if (!Files.isRegularFile(source)) {
        throw ActivityFailures.badInput(
            "no snapshot or db copy at " + request.source() + " on this node");
      }
      // Checked beside the restore, which reads the same file: nothing is placed before both end.
      CompletableFuture<String> digest = RecordedDigest.checkAside(source, request.source());
      Path staging = dataDir.resolveSibling("." + dataDir.getFileName() + ".restoring");
      EtcdBinaries tools = tools(request);
      if (inImage(request)) {
        // An attempt cut short by a crash of the agent may still run its container into staging.
        OneShotContainer.remove(docker, containerName(staging));
      }
      HostTools.deleteTree(staging); // only ever ours: a crashed attempt's leftovers
      long bump = tools.etcdutl() ? bump(request) : 0;
      long start = System.nanoTime();
      Heartbeats.beat("restoring " + request.source());
      EtcdBinaries.Result result = run(request, tools, source, staging, token, bump);
      String sourceSha256;
      try {
        sourceSha256 = RecordedDigest.awaited(digest); // a changed copy: refused, as before
      } catch (RuntimeException | IOException refused) {
        HostTools.deleteTree(staging);
        throw refused;
      }
      if (result.exitCode() != 0) {
        HostTools.deleteTree(staging);
        throw ActivityFailures.of(
            FailureType.Fatal,
            "snapshot restore failed (exit "
                + result.exitCode()
                + "): "
                + result.output()
                + (Boolean.TRUE.equals(request.backendCopy())
                    ? ""
                    : "; a copied db needs backendCopy: true"));
      }
      Restored restored =
          new Restored(
              request.dataDir(),
              token,
              true,
              (System.nanoTime() - start) / 1_000_000,
              bump,
              bump > 0,
              bump > 0 || bump(request) == 0 ? "" : NO_BUMP_WARNING);
      mark(staging, request, sourceSha256, restored);
      Files.move(staging, dataDir, StandardCopyOption.ATOMIC_MOVE);
      return restored;
    } catch (IOException e) {
      throw ActivityFailures.retryable("restore failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ActivityFailures.retryable("interrupted");
    }
  }

  private static long bump(RestoreRequest request) {
    return request.bumpRevision() == null ? DEFAULT_BUMP : request.bumpRevision();
  }

  /** The image's tools when the restore runs in one (as RKE restores), else this node's. */
  private EtcdBinaries tools(RestoreRequest request) {
    if (request.image() != null && !request.image().isBlank()) {
      if (docker == null) {
        throw ActivityFailures.precondition(
            "this agent has no Docker engine to run " + request.image());
      }
      return EtcdBinaries.inImage(request.image());
    }
    if (binaries.restoreTool() == null) {
      throw ActivityFailures.precondition(
          "neither etcdutl nor etcdctl is installed on this node; set `image` to restore inside"
              + " the etcd image");
    }
    return binaries;
  }

  private EtcdBinaries.Result run(
      RestoreRequest request,
      EtcdBinaries tools,
      Path source,
      Path staging,
      String token,
      long bump)
      throws IOException, InterruptedException {
    boolean inImage = inImage(request);
    List<String> command =
        tools.restoreCommand(
            Path.of(inImage ? paths.toNode(source) : source.toString()),
            Path.of(inImage ? paths.toNode(staging) : staging.toString()),
            request.name(),
            request.peerUrl(),
            request.initialCluster(),
            token,
            Boolean.TRUE.equals(request.backendCopy()),
            bump);
    if (!inImage) {
      return EtcdBinaries.run(command, 1800);
    }
    return inImage(request, source, staging, command);
  }

  /**
   * The etcd image's own tool in a one-shot container, the source bound read-only and the staging
   * folder's parent read-write, each at its node path, so the command reads as on the node.
   */
  private EtcdBinaries.Result inImage(
      RestoreRequest request, Path source, Path staging, List<String> command) {
    String nodeSource = paths.toNode(source);
    String nodeStaging = paths.toNode(staging);
    String stagingBind = staging.getParent() + ":" + Path.of(nodeStaging).getParent();
    // One bind when both live in one folder (a drill's snapshot beside its data): Docker refuses
    // the same mount point twice.
    List<String> binds =
        source.getParent().equals(staging.getParent())
            ? List.of(stagingBind)
            : List.of(
                source.getParent() + ":" + Path.of(nodeSource).getParent() + ":ro", stagingBind);
    OneShotContainer.Result result =
        Heartbeats.during(
            "restoring " + request.source() + " in " + request.image(),
            () ->
                OneShotContainer.run(
                    docker,
                    containerName(staging),
                    request.image(),
                    command,
                    List.of("ETCDCTL_API=3"),
                    binds,
                    Duration.ofMinutes(30)));
    return new EtcdBinaries.Result(result.exitCode(), result.output());
  }

  private static boolean inImage(RestoreRequest request) {
    return request.image() != null && !request.image().isBlank();
  }

  /** The one-shot container's name: the same for every attempt at the same staging folder. */
  private String containerName(Path staging) {
    return "etcd-dr-restore-" + DurableFiles.sha256Hex(paths.toNode(staging)).substring(0, 12);
  }

  private static void mark(
      Path staging, RestoreRequest request, String sourceSha256, Restored restored)
      throws IOException {
    Map<String, Object> marker = new LinkedHashMap<>();
    marker.put("source", request.source());
    marker.put("sourceSha256", sourceSha256);
    marker.put("name", request.name());
    marker.put("peerUrl", request.peerUrl());
    marker.put("clusterToken", restored.clusterToken());
    marker.put("millis", restored.millis());
    marker.put("revisionBump", restored.revisionBump());
    marker.put("warning", restored.warning());
    DurableFiles.writeSynced(staging.resolve(MARKER), JSON.writeValueAsString(marker));
  }

  /** An existing data dir is this restore's own finished work, or it is refused. */
  private static Restored finishedEarlier(Path dataDir, RestoreRequest request) throws IOException {
    Path marker = dataDir.resolve(MARKER);
    if (Files.exists(marker)) {
      Map<?, ?> done = JSON.readValue(marker.toFile(), Map.class);
      if (request.source().equals(done.get("source")) && request.name().equals(done.get("name"))) {
        long bump =
            done.get("revisionBump") == null ? 0 : ((Number) done.get("revisionBump")).longValue();
        return new Restored(
            request.dataDir(),
            String.valueOf(done.get("clusterToken")),
            false,
            ((Number) done.get("millis")).longValue(),
            bump,
            bump > 0,
            done.get("warning") == null ? "" : String.valueOf(done.get("warning")));
      }
    }
    throw ActivityFailures.precondition(
        "data dir "
            + request.dataDir()
            + " already exists and is not this restore's; etcd-dr never overwrites"
            + " a data dir: give the step a new dataDir");
  }
}
