package io.etcddr.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.etcddr.cli.CliRun;
import io.etcddr.devserver.TemporalTestServer;
import io.etcddr.process.FreePort;
import io.etcddr.process.SearchAttributeRegistration;
import io.etcddr.process.TestInventory;
import io.etcddr.testing.Said;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release archive as a node gets it: unpacked into a fresh folder and run with nothing but the
 * shell — no Java on PATH, no JAVA_HOME — on its own jlink runtime. `--version` answers; a worker
 * and an agent started from it, as their units start them, do a real run together.
 */
class ReleaseArchiveIT {

  @TempDir Path dir;

  @Test
  void runsWithItsOwnRuntimeOnly() throws Exception {
    Path home = ReleaseArchive.unpack(dir);
    assertThat(home.resolve("runtime/bin/java")).isExecutable();
    assertThat(home.resolve("runtime/bin/javac")).as("a runtime, not a JDK").doesNotExist();
    assertThat(home.resolve("systemd/etcd-dr-agent.service")).exists();
    assertThat(home.resolve("config/agent.env")).exists();
    assertThat(home.resolve("runbooks/failover-to-learner.yaml")).exists();

    Process version = bare(home, dir.resolve("version.log"), "--version");
    assertThat(version.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(version.exitValue()).isZero();
    assertThat(Files.readString(dir.resolve("version.log")).strip())
        .isEqualTo("etcd-dr " + Files.readString(home.resolve("VERSION")).strip());

    int port = FreePort.on("127.0.0.1");
    String address = "127.0.0.1:" + port;
    Path clusters = TestInventory.write(dir.resolve("clusters"), List.of("rel"), List.of("n1"));
    try (TemporalTestServer server = TemporalTestServer.start(port, dir.resolve("server.log"))) {
      SearchAttributeRegistration.register(address, "default");
      Process worker =
          bare(
              home,
              dir.resolve("worker.log"),
              "worker",
              "--address",
              address,
              "--clusters",
              clusters.toString(),
              "--split-brain-check",
              "off");
      Process agent =
          bare(
              home,
              dir.resolve("agent.log"),
              "agent",
              "--node",
              "n1",
              "--address",
              address,
              "--clusters",
              clusters.toString());
      try {
        Said.await(
            "the archive's agent",
            Said.file(dir.resolve("agent.log")),
            "polling etcd-dr@n1",
            Duration.ofSeconds(60),
            agent::isAlive);
        Said.await(
            "the archive's worker",
            Said.file(dir.resolve("worker.log")),
            "etcd-dr worker polling",
            Duration.ofSeconds(60),
            worker::isAlive);
        // The JVM that polls is the archive's, not the system's.
        assertThat(Path.of("/proc", Long.toString(agent.pid()), "exe").toRealPath())
            .isEqualTo(home.resolve("runtime/bin/java").toRealPath());
        String out =
            CliRun.succeeding(
                "run",
                "clock-check",
                "--set",
                "nodes=n1",
                "--follow",
                "--worker-wait",
                "2m",
                "--address",
                address,
                "--library",
                home.resolve("runbooks").toString(),
                "--clusters",
                clusters.toString());
        assertThat(out).contains("run completed");
      } finally {
        stop(agent);
        stop(worker);
      }
      assertThat(agent.exitValue()).as("an agent stops cleanly on SIGTERM").isIn(0, 143);
    }
  }

  /**
   * The first `validate` of an installed release writes the class-data archive of short commands;
   * the JVM maps it (with -Xshare:on an unusable archive would be an error); and a release moved
   * elsewhere, whose archive no longer fits its jar, still answers with nothing but its output.
   */
  @Test
  void theFirstValidateWritesTheClassArchiveAndNoCommandEverPrintsAboutIt() throws Exception {
    Path home = ReleaseArchive.unpack(dir);
    Path archive = home.resolve("lib/etcd-dr.jsa");
    assertThat(archive).doesNotExist();
    String allValid;
    try (Stream<Path> runbooks = Files.list(home.resolve("runbooks"))) {
      allValid =
          runbooks.filter(f -> f.toString().endsWith(".yaml")).count()
              + " runbooks checked: all valid";
    }

    assertThat(launch(home, "validate", home.resolve("runbooks").toString()))
        .isEqualTo(List.of(allValid));
    assertThat(archive).isNotEmptyFile();
    assertThat(home.resolve("lib").toFile().list())
        .containsExactlyInAnyOrder("etcd-dr.jar", "etcd-dr.jsa");
    Process mapped =
        new ProcessBuilder(
                home.resolve("runtime/bin/java").toString(),
                "-XX:SharedArchiveFile=" + archive,
                "-Xshare:on",
                "-Xlog:class+load",
                "-cp",
                home.resolve("lib/etcd-dr.jar").toString(),
                "io.etcddr.cli.EtcdDrCli",
                "--version")
            .redirectErrorStream(true)
            .start();
    String said = new String(mapped.getInputStream().readAllBytes());
    assertThat(mapped.waitFor()).as(said).isZero();
    assertThat(said)
        .as("picocli's Java 5 classes, which only a static archive holds on Java 17, are mapped")
        .contains("picocli.CommandLine$Model$CommandSpec source: shared objects file")
        .as("and CommandLine itself: no lambda the archive resolves when dumped links it")
        .contains("picocli.CommandLine source: shared objects file");

    Path moved = Files.move(home, dir.resolve("moved"));
    assertThat(launch(moved, "validate", moved.resolve("runbooks").toString()))
        .isEqualTo(List.of(allValid));
  }

  /** bin/etcd-dr as an operator runs it (the system's PATH, no options): its output lines. */
  private static List<String> launch(Path home, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(home.resolve("bin/etcd-dr").toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().remove("ETCD_DR_JAVA_OPTS");
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor()).as(out).isZero();
    return out.lines().toList();
  }

  /** bin/etcd-dr under /bin/sh with an empty environment: no PATH to a Java, no JAVA_HOME. */
  private static Process bare(Path home, Path log, String... args) throws Exception {
    List<String> command =
        new ArrayList<>(List.of("/bin/sh", home.resolve("bin/etcd-dr").toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> env = builder.environment();
    env.clear();
    env.put("PATH", "/nonexistent");
    env.put("ETCD_DR_JAVA_OPTS", "-Xmx160m -XX:+UseSerialGC");
    return builder
        .redirectInput(new File("/dev/null"))
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  private static void stop(Process process) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
