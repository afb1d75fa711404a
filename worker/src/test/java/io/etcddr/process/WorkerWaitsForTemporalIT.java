package io.etcddr.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.etcddr.devserver.TemporalTestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker started before Temporal answers (its server starting beside it, a slow TLS proxy on a
 * busy node) keeps asking and polls once it answers; one that waited its `--temporal-wait` out
 * exits 1 saying why. The real executable against a real test server.
 */
class WorkerWaitsForTemporalIT {

  @TempDir Path dir;

  @Test
  void aWorkerStartedBeforeTemporalPollsOnceItAnswers() throws Exception {
    int port = FreePort.on("127.0.0.1");
    String address = "127.0.0.1:" + port;
    Path log = dir.resolve("worker.log");
    try (EtcdDrProcess worker = worker(address, log, "--split-brain-check", "off")) {
      worker.awaitSaid(log, "asking again for up to 120 s", Duration.ofMinutes(1));
      assertThat(Files.readString(log)).contains("cannot reach Temporal at " + address);

      try (TemporalTestServer server = TemporalTestServer.start(port, dir.resolve("server.log"))) {
        SearchAttributeRegistration.register(address, "default");
        worker.awaitSaid(log, "pid " + worker.pid() + ")", Duration.ofMinutes(2));
        assertThat(worker.alive()).isTrue();
      }
    }
  }

  @Test
  void aWorkerThatWaitedItsTemporalWaitOutExitsOneSayingWhy() throws Exception {
    String address = "127.0.0.1:" + FreePort.on("127.0.0.1");
    Path log = dir.resolve("worker.log");
    try (EtcdDrProcess worker = worker(address, log, "--temporal-wait", "5s")) {
      assertThat(worker.exitCode(90)).isEqualTo(1);
    }
    assertThat(Files.readString(log))
        .contains("etcd-dr: cannot reach Temporal at " + address)
        .doesNotContain("polling");
  }

  /** The worker at {@code address} with the shipped library, a one-node inventory, and more. */
  private EtcdDrProcess worker(String address, Path log, String... more) throws Exception {
    Path clusters = TestInventory.write(dir.resolve("clusters"), List.of("w"), List.of("n1"));
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "worker",
                "--address",
                address,
                "--library",
                "../runbooks",
                "--clusters",
                clusters.toString()));
    args.addAll(List.of(more));
    return EtcdDrProcess.start(log, args.toArray(String[]::new));
  }
}
