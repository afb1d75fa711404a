package io.etcddr.activities.fence;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.RestartPolicy;
import io.etcddr.activities.docker.ContainerAllowList;
import io.etcddr.activities.docker.DockerEngine;
import io.etcddr.activities.host.AgentPaths;
import io.etcddr.activities.support.ActivityFailures;
import io.etcddr.contract.OneLine;
import io.etcddr.contract.cluster.FenceRequest;
import io.etcddr.contract.fence.FenceActivities;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The two halves of fencing a node: its containers (disabled, then stopped) and its files (the old
 * data dir moved aside, a note in its place). The files half needs no engine, so it can run before
 * the node's Docker engine starts (`etcd-dr fence-check`, ordered before docker.service).
 */
public final class NodeFence {

  /** Stopping the old apiserver and etcd quickly matters more than a graceful exit. */
  static final Duration GRACE = Duration.ofSeconds(5);

  /**
   * `docker update --restart=no`. docker-java's {@code RestartPolicy.noRestart()} has an empty
   * name, which the engine reads as "leave the policy as it is"; the CLI sends "no".
   */
  private static final RestartPolicy NO_RESTART = restart("no");

  /** A restart policy as the CLI sends it (docker-java's own "no" has an empty name). */
  static RestartPolicy restart(String name) {
    return new com.fasterxml.jackson.databind.ObjectMapper()
        .convertValue(java.util.Map.of("Name", name, "MaximumRetryCount", 0), RestartPolicy.class);
  }

  private final AgentPaths paths;
  private final DockerEngine engine;
  private final ContainerAllowList allowed;

  public NodeFence(AgentPaths paths, DockerEngine engine, ContainerAllowList allowed) {
    this.paths = paths;
    this.engine = engine;
    this.allowed = allowed;
  }

  /** What the containers half did. */
  record Containers(List<String> stopped, List<String> disabled, Long etcdStartedAt) {}

  /**
   * Moves the data dir aside and writes the note; a note already there (this order's or an earlier
   * one's) is returned as it is.
   */
  public FenceNote files(FenceRequest request, boolean beforeEngine, long now) {
    Path dir = paths.resolve(request.dataDir());
    String asideNode = request.dataDir() + ".fenced-" + request.orderId();
    Path aside = paths.resolve(asideNode);
    try {
      Optional<FenceNote> earlier = FenceNote.read(dir);
      if (earlier.isPresent()) {
        return earlier.get();
      }
      // A data dir held at boot comes back first: it is the one this fence keeps aside.
      BootHold.release(paths, request.dataDir());
      if (Files.isDirectory(dir)) {
        if (Files.exists(aside)) {
          throw ActivityFailures.precondition(
              request.dataDir()
                  + " is a data dir again, but "
                  + asideNode
                  + " already holds the fenced one; look at both by hand");
        }
        Files.move(dir, aside, StandardCopyOption.ATOMIC_MOVE);
      } else if (Files.exists(dir)) {
        throw ActivityFailures.precondition(
            request.dataDir() + " is a file that is not a fence note; look at it by hand");
      }
      Files.createDirectories(dir.getParent());
      FenceNote note =
          FenceNote.of(
              request.cluster(),
              request.orderId(),
              Files.exists(aside) ? asideNode : null,
              now,
              beforeEngine);
      note.write(dir);
      return note;
    } catch (IOException e) {
      throw ActivityFailures.retryable(
          "cannot move " + request.dataDir() + " aside: " + OneLine.of(e.getMessage()));
    }
  }

  /** The data dir a fence kept aside, by the note it left at {@code dataDir}. */
  FenceActivities.Kept kept(String dataDir) {
    try {
      FenceNote note =
          FenceNote.read(paths.resolve(dataDir))
              .orElseThrow(
                  () ->
                      ActivityFailures.precondition(
                          "no fence note at "
                              + dataDir
                              + ": this node's old data was never fenced (fence-check, or the"
                              + " failover's fence, does that first)"));
      if (note.aside() == null || !Files.isDirectory(paths.resolve(note.aside()))) {
        throw ActivityFailures.precondition(
            "the fence at " + dataDir + " kept no data dir (" + note.aside() + ")");
      }
      return new FenceActivities.Kept(
          note.cluster(), note.orderId(), note.aside(), note.fencedAt(), lastWrite(note.aside()));
    } catch (IOException e) {
      throw ActivityFailures.retryable("cannot read the fence note: " + OneLine.of(e.getMessage()));
    }
  }

  private Long lastWrite(String aside) throws IOException {
    Path wal = paths.resolve(aside).resolve("member/wal");
    if (!Files.isDirectory(wal)) {
      return null;
    }
    try (var files = Files.list(wal)) {
      return files
          .filter(f -> f.getFileName().toString().endsWith(".wal"))
          .mapToLong(f -> f.toFile().lastModified())
          .max()
          .stream()
          .boxed()
          .findFirst()
          .orElse(null);
    }
  }

  /** The fence note at a data dir, if this node was fenced there. */
  Optional<FenceNote> noteAt(String dataDir) throws java.io.IOException {
    return FenceNote.read(paths.resolve(dataDir));
  }

  /** Whether the node's engine answers now. */
  boolean engineUp() {
    try {
      engine.client().pingCmd().exec();
      return true;
    } catch (RuntimeException down) {
      return false;
    }
  }

  /** Restart policy `no` on all of them first (so none comes back), then each stopped in order. */
  Containers containers(List<String> names) {
    DockerClient docker = engine.client();
    List<String> disabled = new ArrayList<>();
    List<String> stopped = new ArrayList<>();
    Long etcdStartedAt = null;
    for (String name : names) {
      Optional<InspectContainerResponse> found = inspect(docker, allowed.require(name));
      if (found.isPresent() && !"no".equals(policy(found.get()))) {
        docker.updateContainerCmd(found.get().getId()).withRestartPolicy(NO_RESTART).exec();
        disabled.add(name);
      }
    }
    for (String name : names) {
      Optional<InspectContainerResponse> found = inspect(docker, name);
      if (found.isEmpty() || !Boolean.TRUE.equals(found.get().getState().getRunning())) {
        continue;
      }
      if (name.equals("etcd")) {
        etcdStartedAt = Instant.parse(found.get().getState().getStartedAt()).toEpochMilli();
      }
      try {
        docker.stopContainerCmd(name).withTimeout((int) GRACE.toSeconds()).exec();
        stopped.add(name);
      } catch (NotModifiedException | NotFoundException stoppedMeanwhile) {
        // it exited on its own
      }
    }
    return new Containers(stopped, disabled, etcdStartedAt);
  }

  static Optional<InspectContainerResponse> inspect(DockerClient docker, String name) {
    try {
      return Optional.of(docker.inspectContainerCmd(name).exec());
    } catch (NotFoundException missing) {
      return Optional.empty();
    }
  }

  /** A container's restart policy as the CLI names it ("no" when none is set). */
  static String policy(InspectContainerResponse container) {
    RestartPolicy policy = container.getHostConfig().getRestartPolicy();
    return policy == null || policy.getName() == null || policy.getName().isEmpty()
        ? "no"
        : policy.getName();
  }
}
