package io.etcddr.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.etcddr.activities.host.HostTools;
import io.etcddr.cli.CliRun;
import io.etcddr.devserver.TemporalTestServer;
import io.etcddr.lab.DockerDaemon;
import io.etcddr.process.EtcdDrProcess;
import io.etcddr.process.FreePort;
import io.etcddr.process.SearchAttributeRegistration;
import io.etcddr.process.TestInventory;
import io.etcddr.testing.Prerequisites;
import io.etcddr.testing.Said;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The worker's container image (Jib's tarball from `mvn package`) loaded into a real Docker engine
 * of its own and run as a compose file or a Deployment would run it: as user 10001, the inventory
 * mounted read-only. With no other worker polling, a real run completes: the worker in the
 * container ran it.
 */
class WorkerImageIT {

  private static final Path IMAGE = Path.of("target", "etcd-dr-worker-image.tar");

  /** Beside the lab's scenarios a JVM in a container can take long to answer its first task. */
  private static final String BUSY_MACHINE_WAIT = "2m";

  @Test
  void theImageRunsTheWorkerAsAnUnprivilegedUser() throws Exception {
    Prerequisites.need().root().dockerd().file(IMAGE, "the worker image (mvn package)").orSkip();
    Path dir = Files.createTempDirectory("etcd-dr-image-it");
    DockerDaemon daemon = new DockerDaemon(dir.resolve("engine"));
    try {
      daemon.start();
      String loaded = docker(daemon, "load", "-i", IMAGE.toAbsolutePath().toString());
      String tag = loaded.substring(loaded.indexOf("etcd-dr-worker:")).strip();

      int port = FreePort.on("127.0.0.1");
      String address = "127.0.0.1:" + port;
      Path clusters = TestInventory.write(dir.resolve("clusters"), List.of("img"), List.of("n1"));
      readableByAll(dir, clusters); // the container's user is not root
      try (TemporalTestServer server = TemporalTestServer.start(port, dir.resolve("server.log"))) {
        SearchAttributeRegistration.register(address, "default");
        docker(
            daemon,
            "run",
            "-d",
            "--name",
            "etcd-dr-worker",
            "--network",
            "host",
            "-v",
            clusters + ":/etc/etcd-dr/clusters:ro",
            tag,
            "worker",
            "--address",
            address,
            "--clusters",
            "/etc/etcd-dr/clusters",
            "--split-brain-check",
            "off");
        Said.await(
            "the worker's container",
            () -> docker(daemon, "logs", "etcd-dr-worker"),
            "etcd-dr worker polling etcd-dr at " + address,
            Duration.ofMinutes(2),
            () -> true);
        try (EtcdDrProcess agent =
            EtcdDrProcess.start(
                dir.resolve("agent.log"),
                "agent",
                "--node",
                "n1",
                "--address",
                address,
                "--clusters",
                clusters.toString())) {
          String out =
              CliRun.succeeding(
                  "run",
                  "clock-check",
                  "--set",
                  "nodes=n1",
                  "--follow",
                  "--worker-wait",
                  BUSY_MACHINE_WAIT,
                  "--address",
                  address,
                  "--library",
                  "../runbooks",
                  "--clusters",
                  clusters.toString());
          assertThat(out).contains("run completed");
        }
        assertThat(docker(daemon, "logs", "etcd-dr-worker"))
            .contains("etcd-dr worker polling etcd-dr at " + address);
        assertThat(
                docker(
                        daemon,
                        "inspect",
                        "-f",
                        "{{.Config.User}} {{.State.Running}}",
                        "etcd-dr-worker")
                    .strip())
            .isEqualTo("10001:10001 true");
      } finally {
        docker(daemon, "rm", "-f", "etcd-dr-worker");
      }
    } finally {
      daemon.destroy();
      HostTools.deleteTree(dir);
    }
  }

  private static void readableByAll(Path top, Path clusters) throws Exception {
    Files.setPosixFilePermissions(top, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(clusters, PosixFilePermissions.fromString("rwxr-xr-x"));
    try (var files = Files.list(clusters)) {
      for (Path file : files.toList()) {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
      }
    }
  }

  /** The docker CLI against this test's engine. */
  private static String docker(DockerDaemon daemon, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("docker", "-H", daemon.host()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(String.join(" ", command) + ":\n" + out).isZero();
    return out;
  }
}
