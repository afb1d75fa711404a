package io.etcddr.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.etcddr.http.ApiResponse;
import io.etcddr.http.Route;
import io.etcddr.testing.LoopbackExtension;
import io.grpc.Status;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The server's gate without Temporal behind it: failures a handler did not expect are answered 500
 * or, when Temporal is unreachable, 503 — one line each, the details only in the log; path
 * parameters keep their slashes. Listens on its own loopback block.
 */
class ApiServerTest {

  @RegisterExtension static final LoopbackExtension LOOPBACK = new LoopbackExtension();

  private static final String TOKEN = "unit-" + Long.toHexString(System.nanoTime());
  private static ApiServer server;
  private static ApiClient client;

  @BeforeAll
  static void start() {
    server =
        ApiServer.start(
            HttpApi.address(LOOPBACK.address(0) + ":0"),
            ApiToken.of(TOKEN),
            List.of(
                Route.of(
                    "GET",
                    "/boom",
                    r -> {
                      throw new IllegalStateException("secret detail at line 42");
                    }),
                Route.of(
                    "GET",
                    "/temporal-down",
                    r -> {
                      throw new RuntimeException(
                          "wrapped",
                          Status.UNAVAILABLE.withDescription("io exception").asRuntimeException());
                    }),
                Route.of(
                    "POST",
                    "/v1/runs/{id}/approve",
                    r -> ApiResponse.json(200, Map.of("id", r.param("id")))),
                Route.of(
                    "GET",
                    "/v1/runs/{id}",
                    r -> ApiResponse.json(200, Map.of("id", r.param("id"))))));
    client =
        new ApiClient("http://" + LOOPBACK.address(0) + ":" + server.address().getPort(), TOKEN);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void unexpectedFailuresAre500WithoutTheirDetails() throws Exception {
    HttpResponse<String> response = client.get("/boom");

    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(response.body())
        .isEqualTo("{\"error\":\"internal error; the worker's log has the details\"}")
        .doesNotContain("secret", "Exception", "at io.");
  }

  @Test
  void anUnreachableTemporalIs503() throws Exception {
    HttpResponse<String> response = client.get("/temporal-down");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(new ObjectMapper().readTree(response.body()).get("error").asText())
        .isEqualTo("Temporal is unreachable; retry later");
  }

  @Test
  void runIdsKeepTheirSlashesEncodedOrNot() throws Exception {
    assertThat(client.get("/v1/runs/failover-to-learner/prod-a").body())
        .isEqualTo("{\"id\":\"failover-to-learner/prod-a\"}");
    assertThat(client.get("/v1/runs/failover-to-learner%2Fprod-a").body())
        .isEqualTo("{\"id\":\"failover-to-learner/prod-a\"}");
    assertThat(client.post("/v1/runs/a/b/approve", "").body()).isEqualTo("{\"id\":\"a/b\"}");
  }

  @Test
  void anAgentServesHealthAndMetricsOnly() throws Exception {
    try (io.etcddr.metrics.WorkerMetrics metrics = new io.etcddr.metrics.WorkerMetrics();
        ApiServer agent =
            HttpApi.startForAgent(
                HttpApi.address(LOOPBACK.address(0) + ":0"), null, ApiToken.of(TOKEN), metrics)) {
      ApiClient api =
          new ApiClient("http://" + LOOPBACK.address(0) + ":" + agent.address().getPort(), TOKEN);

      assertThat(api.withToken(null).get("/healthz").statusCode()).isEqualTo(200);
      assertThat(api.withToken(null).get("/metrics").statusCode()).isEqualTo(401);
      assertThat(api.get("/metrics").body()).contains("jvm_memory_used_bytes");
      assertThat(api.post("/v1/runs", "{}").statusCode()).isEqualTo(404);
      assertThat(api.post("/v1/alerts/alertmanager", "{}").statusCode()).isEqualTo(404);
    }
  }

  @Test
  void tokensAreComparedWholeAndOnlyAsBearer() {
    ApiToken token = ApiToken.of(" s3cret \n");
    assertThat(token.accepts("Bearer s3cret")).isTrue();
    assertThat(token.accepts("bearer s3cret")).isTrue();
    assertThat(token.accepts("Bearer s3cre")).isFalse();
    assertThat(token.accepts("Bearer s3cret2")).isFalse();
    assertThat(token.accepts("Basic s3cret")).isFalse();
    assertThat(token.accepts("s3cret")).isFalse();
    assertThat(token.accepts(null)).isFalse();
  }
}
