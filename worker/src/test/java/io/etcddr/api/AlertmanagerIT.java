package io.etcddr.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.etcddr.devserver.TemporalTestServer;
import io.etcddr.process.EtcdDrProcess;
import io.etcddr.process.FreePort;
import io.etcddr.process.SearchAttributeRegistration;
import io.etcddr.process.TestInventory;
import io.etcddr.testing.LoopbackExtension;
import io.etcddr.testing.TestPki;
import io.temporal.api.filter.v1.WorkflowExecutionFilter;
import io.temporal.api.workflowservice.v1.ListClosedWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alert chain for real: Debian's Alertmanager, configured by our shipped `alertmanager.yml`
 * (only addresses, files and timings changed), is fed an `EtcdQuorumLost` alert; its webhook
 * reaches an `etcd-dr worker --http` process over HTTPS (the worker's certificate from a test CA
 * that Alertmanager trusts) with the bearer token from a file, which starts the matching runbook on
 * the Temporal server process. Alertmanager then repeats the notification (a 2 s `repeat_interval`
 * here): the API attaches to the run already going and starts nothing new. Alertmanager and the API
 * on its own loopback block.
 */
class AlertmanagerIT {

  @RegisterExtension static final LoopbackExtension LOOPBACK = new LoopbackExtension();

  @TempDir Path dir;

  @Test
  void alertmanagerStartsTheRunbookOnceAndRepeatsAttachToIt() throws Exception {
    Path library = Files.createDirectories(dir.resolve("library"));
    Files.copy(
        Path.of("src/test/resources/api/gated-failover.yaml"),
        library.resolve("gated-failover.yaml"));
    String token = "am-it-" + Long.toHexString(System.nanoTime());
    Path tokenFile = Files.writeString(dir.resolve("api-token"), token + "\n");
    int temporalPort = FreePort.on("127.0.0.1");
    int apiPort = FreePort.on(LOOPBACK.address(0));
    int alertmanagerPort = FreePort.on(LOOPBACK.address(1));
    Path log = dir.resolve("processes.log");
    TestPki pki = TestPki.create(dir.resolve("pki"), "api-ca");
    TestPki.Issued apiCert = pki.issue("api", LOOPBACK.address(0));

    try (TemporalTestServer server = TemporalTestServer.start(temporalPort, log)) {
      String temporal = "127.0.0.1:" + temporalPort;
      SearchAttributeRegistration.register(temporal, "default");
      try (EtcdDrProcess worker =
              EtcdDrProcess.start(
                  log,
                  "worker",
                  "--address",
                  temporal,
                  "--library",
                  library.toString(),
                  "--clusters",
                  TestInventory.write(dir.resolve("clusters"), List.of("am"), List.of("node1"))
                      .toString(),
                  "--http",
                  LOOPBACK.address(0) + ":" + apiPort,
                  "--api-token-file",
                  tokenFile.toString(),
                  "--http-tls-cert",
                  apiCert.cert().toString(),
                  "--http-tls-key",
                  apiCert.key().toString());
          Alertmanager alertmanager =
              Alertmanager.start(
                  dir,
                  config(apiPort, tokenFile, pki.caCert()),
                  LOOPBACK.address(1) + ":" + alertmanagerPort,
                  log)) {
        ApiClient api =
            new ApiClient(
                pki.clientContext(null), "https://" + LOOPBACK.address(0) + ":" + apiPort, token);
        await(
            () -> api.withToken(null).get("/healthz").statusCode() == 200, "the worker's API", log);

        alertmanager.fire(
            "{\"alertname\":\"EtcdQuorumLost\",\"severity\":\"critical\",\"cluster\":\"am\","
                + "\"learner\":\"node1\"}");

        // The first notification starts the run; Alertmanager's repeats attach to it.
        await(
            () -> alertsCounted(api, "started") == 1 && alertsCounted(api, "attached") >= 2,
            "a started run and two repeated notifications",
            log);
        assertThat(alertsCounted(api, "started")).isEqualTo(1);

        WorkflowServiceStubs service =
            WorkflowServiceStubs.newServiceStubs(
                WorkflowServiceStubsOptions.newBuilder().setTarget(temporal).build());
        try {
          assertThat(executions(service, "gated-failover/am", true)).isEqualTo(1);
          assertThat(executions(service, "gated-failover/am", false)).isZero();
        } finally {
          service.shutdownNow();
        }
        var view = api.get("/v1/runs/gated-failover/am");
        assertThat(view.statusCode()).isEqualTo(200);
        assertThat(view.body())
            .contains("\"learner\":\"node1\"")
            .contains("\"workflowStatus\":\"running\"");
      }
    }
  }

  /** Our shipped Alertmanager configuration, pointed at this test's API with short timings. */
  private static String config(int apiPort, Path tokenFile, Path apiCa) throws Exception {
    String shipped = Files.readString(Path.of("..", "deploy", "prometheus", "alertmanager.yml"));
    return replace(
        shipped,
        "https://etcd-dr.example.internal:8443/v1/alerts/alertmanager",
        "https://" + LOOPBACK.address(0) + ":" + apiPort + "/v1/alerts/alertmanager",
        "/etc/etcd-dr/api-token",
        tokenFile.toString(),
        "/etc/etcd-dr/tls/ca.pem",
        apiCa.toString(),
        "group_wait: 10s",
        "group_wait: 0s",
        "group_interval: 1m",
        "group_interval: 1s",
        "repeat_interval: 15m",
        "repeat_interval: 2s");
  }

  private static String replace(String text, String... pairs) {
    for (int i = 0; i < pairs.length; i += 2) {
      assertThat(text).as("the shipped config has " + pairs[i]).contains(pairs[i]);
      text = text.replace(pairs[i], pairs[i + 1]);
    }
    return text;
  }

  /** The API's own count of alerts by outcome, from its /metrics. */
  private static double alertsCounted(ApiClient api, String outcome) throws Exception {
    double total = 0;
    for (String line : ApiIT.series(api.get("/metrics").body(), "etcd_dr_alerts_total")) {
      if (ApiIT.labels(line).getOrDefault("outcome", "").equals(outcome)) {
        total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return total;
  }

  private static int executions(WorkflowServiceStubs service, String id, boolean open) {
    WorkflowExecutionFilter filter = WorkflowExecutionFilter.newBuilder().setWorkflowId(id).build();
    return open
        ? service
            .blockingStub()
            .listOpenWorkflowExecutions(
                ListOpenWorkflowExecutionsRequest.newBuilder()
                    .setNamespace("default")
                    .setExecutionFilter(filter)
                    .build())
            .getExecutionsCount()
        : service
            .blockingStub()
            .listClosedWorkflowExecutions(
                ListClosedWorkflowExecutionsRequest.newBuilder()
                    .setNamespace("default")
                    .setExecutionFilter(filter)
                    .build())
            .getExecutionsCount();
  }

  interface Check {
    boolean ok() throws Exception;
  }

  static void await(Check check, String what, Path log) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (check.ok()) {
          return;
        }
      } catch (java.io.IOException notYet) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    throw new AssertionError("waited 60 s for " + what + "; log:\n" + Files.readString(log));
  }

  /** Debian's Alertmanager on loopback, clustering off, its data in the test's folder. */
  static final class Alertmanager implements AutoCloseable {
    private final Process process;
    private final String address;
    private final HttpClient http = HttpClient.newHttpClient();

    private Alertmanager(Process process, String address) {
      this.process = process;
      this.address = address;
    }

    static Alertmanager start(Path dir, String config, String address, Path log) throws Exception {
      Path file = Files.writeString(dir.resolve("alertmanager.yml"), config);
      List<String> command =
          new ArrayList<>(
              List.of(
                  "prometheus-alertmanager",
                  "--config.file=" + file,
                  "--storage.path=" + Files.createDirectories(dir.resolve("alertmanager-data")),
                  "--web.listen-address=" + address,
                  "--cluster.listen-address="));
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
      Alertmanager alertmanager = new Alertmanager(process, address);
      try {
        await(alertmanager::ready, "Alertmanager at " + address, log);
      } catch (AssertionError | Exception e) {
        alertmanager.close();
        throw e;
      }
      return alertmanager;
    }

    private boolean ready() throws Exception {
      return http.send(
                  HttpRequest.newBuilder(URI.create("http://" + address + "/-/ready")).build(),
                  HttpResponse.BodyHandlers.discarding())
              .statusCode()
          == 200;
    }

    /** Posts one alert, firing for the next ten minutes, as Prometheus would. */
    void fire(String labels) throws Exception {
      Instant now = Instant.now();
      String body =
          "[{\"labels\":"
              + labels
              + ",\"annotations\":{\"summary\":\"etcd lost quorum\"},\"startsAt\":\""
              + now
              + "\",\"endsAt\":\""
              + now.plus(Duration.ofMinutes(10))
              + "\"}]";
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create("http://" + address + "/api/v2/alerts"))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    @Override
    public void close() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }
}
