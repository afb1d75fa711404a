package io.etcddr.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.etcddr.devserver.TemporalTestServer;
import io.etcddr.lab.LongScenario;
import io.etcddr.process.EtcdDrProcess;
import io.etcddr.process.FreePort;
import io.etcddr.process.SearchAttributeRegistration;
import io.etcddr.process.TestInventory;
import io.etcddr.testing.LoopbackExtension;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The webhook benchmark (bench/webhook; CI runs it for a second per level): Alertmanager
 * notifications of an alert whose run is already going (each attaches to it, one incident, one run)
 * at 1, 10 and 50 concurrent clients, beside `/healthz` of the same worker process as the floor.
 * Prints p50/p99 and throughput and writes worker/target/webhook.md; asserts only that every answer
 * was the right one.
 *
 * <p>{@code -Dbench.seconds=N} sets how long each level runs (default 1).
 */
@Tag(LongScenario.TAG) // a benchmark: bench/ runs it, and the full suite
class WebhookBenchIT {

  @RegisterExtension static final LoopbackExtension LOOPBACK = new LoopbackExtension();

  private static final String ALERT =
      "{\"version\":\"4\",\"status\":\"firing\",\"receiver\":\"etcd-dr\",\"alerts\":[{\"status\":"
          + "\"firing\",\"labels\":{\"alertname\":\"BenchQuorumLost\",\"cluster\":\"bench\"},"
          + "\"annotations\":{},\"startsAt\":\"2026-12-03T07:00:00Z\","
          + "\"fingerprint\":\"b1e55ed\"}]}";

  @TempDir Path dir;

  @Test
  void alertsThatAttachToARunningRunAgainstHealthz() throws Exception {
    Duration each = Duration.ofSeconds(Long.getLong("bench.seconds", 1));
    Path library = Files.createDirectories(dir.resolve("library"));
    Files.copy(
        Path.of("src/test/resources/bench/bench-gated.yaml"), library.resolve("bench-gated.yaml"));
    for (Path shipped : Files.newDirectoryStream(Path.of("../runbooks"), "*.yaml")) {
      Files.copy(shipped, library.resolve(shipped.getFileName())); // a library of real size
    }
    Path inventory = TestInventory.write(dir.resolve("clusters"), List.of("bench"), List.of("n1"));
    String token = "bench-" + System.nanoTime();
    Path tokenFile = Files.writeString(dir.resolve("token"), token);
    int port = FreePort.on("127.0.0.1");
    String api = LOOPBACK.address(0) + ":" + FreePort.on(LOOPBACK.address(0));
    try (TemporalTestServer server = TemporalTestServer.start(port, dir.resolve("server.log"))) {
      SearchAttributeRegistration.register("127.0.0.1:" + port, "default");
      try (EtcdDrProcess worker =
          EtcdDrProcess.start(
              dir.resolve("worker.log"),
              "worker",
              "--address",
              "127.0.0.1:" + port,
              "--library",
              library.toString(),
              "--clusters",
              inventory.toString(),
              "--http",
              api,
              "--api-token-file",
              tokenFile.toString())) {
        String base = "http://" + api;
        awaitHealthy(base);
        HttpResponse<String> first =
            HttpClient.newHttpClient()
                .send(alert(base, token), HttpResponse.BodyHandlers.ofString());
        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
        assertThat(first.body()).contains("\"outcome\":\"started\"");
        // warm both paths before measuring
        ClosedLoopLoad.run(4, Duration.ofSeconds(2), () -> alert(base, token), 202);
        ClosedLoopLoad.run(4, Duration.ofSeconds(1), () -> healthz(base), 200);

        List<String[]> rows = new ArrayList<>();
        for (int concurrency : new int[] {1, 10, 50}) {
          ClosedLoopLoad.Result alerts =
              ClosedLoopLoad.run(concurrency, each, () -> alert(base, token), 202);
          ClosedLoopLoad.Result health =
              ClosedLoopLoad.run(concurrency, each, () -> healthz(base), 200);
          assertThat(alerts.failures()).as("alerts answered otherwise than 202").isZero();
          assertThat(health.failures()).isZero();
          rows.add(row("webhook (attaches)", alerts));
          rows.add(row("/healthz (floor)", health));
        }
        String table = table(rows, each);
        System.out.println(table);
        Files.writeString(Path.of("target", "webhook.md"), table);
      }
    }
  }

  private static HttpRequest alert(String base, String token) {
    return ClosedLoopLoad.to(base + "/v1/alerts/alertmanager")
        .header("Authorization", "Bearer " + token)
        .POST(HttpRequest.BodyPublishers.ofString(ALERT))
        .build();
  }

  private static HttpRequest healthz(String base) {
    return ClosedLoopLoad.to(base + "/healthz").build();
  }

  private static void awaitHealthy(String base) throws InterruptedException {
    for (int i = 0; i < 300; i++) {
      try {
        if (HttpClient.newHttpClient()
                .send(healthz(base), HttpResponse.BodyHandlers.discarding())
                .statusCode()
            == 200) {
          return;
        }
      } catch (Exception notYet) {
        // the worker is starting
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the worker's HTTP API never answered");
  }

  private static String[] row(String what, ClosedLoopLoad.Result r) {
    return new String[] {
      what,
      Integer.toString(r.concurrency()),
      Long.toString(r.requests()),
      String.format("%.0f", r.perSecond()),
      String.format("%.1f", r.p50Ms()),
      String.format("%.1f", r.p99Ms())
    };
  }

  private static String table(List<String[]> rows, Duration each) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            "## Webhook: Alertmanager notifications that attach to a running run (%d s per level)%n%n",
            each.toSeconds()));
    out.append("| endpoint | concurrent | requests | per second | p50 ms | p99 ms |\n");
    out.append("|---|---|---|---|---|---|\n");
    for (String[] row : rows) {
      out.append("| ").append(String.join(" | ", row)).append(" |\n");
    }
    return out.toString();
  }
}
