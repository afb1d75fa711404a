package io.etcddr.lab;

import io.etcddr.activities.docker.DockerEngine;
import io.etcddr.activities.host.HostTools;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One simulated node's Docker engine: Debian's dockerd with its own socket, data and exec roots,
 * vfs storage and no bridge or iptables (docs/facts.md), in its own session so it outlives the
 * command that started it, as a node's daemon outlives an SSH login.
 */
public final class DockerDaemon {

  private final Path dir;

  public DockerDaemon(Path dir) {
    this.dir = dir.toAbsolutePath().normalize();
  }

  public String host() {
    return "unix://" + dir.resolve("docker.sock");
  }

  /** Its cgroup parent: containers of different lab nodes never share one. */
  String cgroupParent() {
    return "/etcd-dr-" + Integer.toHexString(dir.toString().hashCode());
  }

  public boolean running() {
    return process().isPresent();
  }

  Optional<ProcessHandle> process() {
    return HostProcesses.fromPidFile(dir.resolve("dockerd.pid"), dir.toString());
  }

  /** Starts the daemon in this machine's network unless it runs; returns when it answers. */
  public void start() throws IOException, InterruptedException {
    start(List.of());
  }

  /**
   * Starts the daemon unless it runs, through {@code launcher} (e.g. `ip netns exec NODE`: its
   * containers with host networking then have the node's network); returns when it answers.
   */
  public void start(List<String> launcher) throws IOException, InterruptedException {
    if (running()) {
      return;
    }
    // What a killed daemon leaves behind would stop the new one.
    HostProcesses.killHard(HostProcesses.treesMentioning(dir + "/"));
    HostProcesses.unmountUnder(dir);
    Files.deleteIfExists(dir.resolve("dockerd.pid"));
    Files.deleteIfExists(dir.resolve("docker.sock"));
    Files.createDirectories(dir.resolve("data"));
    Files.createDirectories(dir.resolve("exec"));
    List<String> command = new java.util.ArrayList<>(List.of("setsid"));
    command.addAll(launcher);
    command.addAll(
        List.of(
            "dockerd",
            "--host",
            host(),
            "--data-root",
            dir.resolve("data").toString(),
            "--exec-root",
            dir.resolve("exec").toString(),
            "--pidfile",
            dir.resolve("dockerd.pid").toString(),
            "--storage-driver",
            "vfs",
            "--iptables=false",
            "--ip-masq=false",
            "--bridge=none",
            "--cgroup-parent",
            cgroupParent()));
    Process process =
        new ProcessBuilder(command)
            .redirectInput(new File("/dev/null"))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("dockerd.log").toFile()))
            .start();
    awaitAnswer(process, Duration.ofSeconds(60));
  }

  private void awaitAnswer(Process process, Duration limit) throws InterruptedException {
    Instant deadline = Instant.now().plus(limit);
    try (DockerEngine engine = DockerEngine.connect(host())) {
      while (Instant.now().isBefore(deadline)) {
        if (!process.isAlive()) {
          throw new IllegalStateException(
              "dockerd exited with " + process.exitValue() + "; see " + dir.resolve("dockerd.log"));
        }
        try {
          engine.client().pingCmd().exec();
          return;
        } catch (RuntimeException notYet) {
          Thread.sleep(100);
        }
      }
    }
    throw new IllegalStateException(
        "dockerd did not answer within "
            + limit.toSeconds()
            + " s; see "
            + dir.resolve("dockerd.log"));
  }

  /** SIGKILL for the daemon, its containerd, shims and containers: a power cut. */
  public void kill() {
    HostProcesses.killHard(HostProcesses.treesMentioning(dir + "/"));
  }

  /** A clean stop: SIGTERM (dockerd stops its containers), then whatever is left is killed. */
  public void stop() throws IOException, InterruptedException {
    process().ifPresent(p -> HostProcesses.stop(p, 30));
    kill();
    HostProcesses.unmountUnder(dir);
    HostProcesses.removeCgroups(cgroupParent());
  }

  /** Stops and removes every file the daemon had. */
  public void destroy() throws IOException, InterruptedException {
    stop();
    HostTools.deleteTree(dir);
  }
}
