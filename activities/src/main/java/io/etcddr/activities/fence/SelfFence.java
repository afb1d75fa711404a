package io.etcddr.activities.fence;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import io.etcddr.activities.docker.DockerEngine;
import io.etcddr.activities.host.AgentPaths;
import io.etcddr.activities.host.SyncedFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A node taking its own apiserver and etcd out of service, and putting them back: restart policy
 * `no` and stopped, kube-apiserver first, the data left where it is. What it changed is written
 * down before it changes anything (each container's restart policy), so an agent killed halfway
 * finishes the job when it starts again, and a release restores exactly what was there.
 */
public final class SelfFence {

  /** kube-apiserver first: it stops taking writes before etcd stops taking them from it. */
  public static final List<String> CONTAINERS = List.of("kube-apiserver", "etcd");

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * What was held, under which generation, and what each container's restart policy was before.
   *
   * @param generation the generation the node served when it held (a release needs it current)
   */
  public record Held(
      long since, String reason, String cluster, int generation, Map<String, String> policies) {}

  private final AgentPaths paths;
  private final DockerEngine engine;

  public SelfFence(AgentPaths paths, DockerEngine engine) {
    this.paths = paths;
    this.engine = engine;
  }

  private Path stateFile() {
    return paths.resolve("/var/lib/etcd-dr/self-fence.json");
  }

  /** The hold in force, if any (also one an earlier, killed agent began). */
  public Optional<Held> held() throws IOException {
    Path file = stateFile();
    return Files.isRegularFile(file)
        ? Optional.of(JSON.readValue(file.toFile(), Held.class))
        : Optional.empty();
  }

  /**
   * Restart policy `no` and stopped, kube-apiserver then etcd. Idempotent: a hold already begun
   * keeps the policies it recorded first.
   *
   * @return the containers stopped now
   */
  public List<String> hold(String reason, String cluster, int generation, long now)
      throws IOException {
    DockerClient docker = engine.client();
    Held held = held().orElse(null);
    if (held == null) {
      Map<String, String> policies = new java.util.LinkedHashMap<>();
      for (String name : CONTAINERS) {
        NodeFence.inspect(docker, name).ifPresent(c -> policies.put(name, NodeFence.policy(c)));
      }
      held = new Held(now, reason, cluster, generation, policies);
      SyncedFiles.replace(stateFile(), JSON.writeValueAsString(held)); // whole, or not at all
    }
    List<String> stopped = new ArrayList<>();
    for (String name : held.policies().keySet()) {
      Optional<InspectContainerResponse> found = NodeFence.inspect(docker, name);
      if (found.isEmpty()) {
        continue;
      }
      if (!"no".equals(NodeFence.policy(found.get()))) {
        docker
            .updateContainerCmd(found.get().getId())
            .withRestartPolicy(NodeFence.restart("no"))
            .exec();
      }
      if (Boolean.TRUE.equals(found.get().getState().getRunning())) {
        try {
          docker.stopContainerCmd(name).withTimeout((int) NodeFence.GRACE.toSeconds()).exec();
          stopped.add(name);
        } catch (NotModifiedException | NotFoundException stoppedMeanwhile) {
          // it exited on its own
        }
      }
    }
    return stopped;
  }

  /**
   * Puts back what the hold changed: each container's restart policy, then etcd started before
   * kube-apiserver. Nothing held: nothing to do.
   *
   * @return the containers started
   */
  public List<String> release() throws IOException {
    Optional<Held> held = held();
    if (held.isEmpty()) {
      return List.of();
    }
    DockerClient docker = engine.client();
    List<String> started = new ArrayList<>();
    List<String> order = new ArrayList<>(held.get().policies().keySet());
    java.util.Collections.reverse(order);
    for (String name : order) {
      Optional<InspectContainerResponse> found = NodeFence.inspect(docker, name);
      if (found.isEmpty()) {
        continue;
      }
      docker
          .updateContainerCmd(found.get().getId())
          .withRestartPolicy(NodeFence.restart(held.get().policies().get(name)))
          .exec();
      try {
        docker.startContainerCmd(name).exec();
        started.add(name);
      } catch (NotModifiedException alreadyRunning) {
        // started by hand meanwhile
      }
    }
    Files.deleteIfExists(stateFile());
    SyncedFiles.syncDir(stateFile().getParent());
    return started;
  }

  /**
   * Ends the hold without starting anything: a fence order took over (the generation changed), and
   * the containers stay stopped with restart policy `no`.
   */
  public void handOverToFence() throws IOException {
    Files.deleteIfExists(stateFile());
  }
}
