package io.etcddr.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.etcddr.connect.TemporalConnection;
import io.etcddr.testing.LoopbackExtension;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP API against a real Temporal server process and a real worker, every status code it
 * answers: 200, 202, 400, 401, 404, 405, 409, 413; and `/metrics` after runs. Listens on its own
 * loopback block.
 */
class ApiIT {

  @RegisterExtension static final LoopbackExtension LOOPBACK = new LoopbackExtension();

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  private static ApiFixture world;
  private static TemporalConnection temporal;
  private static ApiClient client;
  static String token;

  @BeforeAll
  static void start() throws Exception {
    world =
        new ApiFixture(dir, LOOPBACK.address(0), List.of("c", "c1", "c2", "c3", "c4", "c5", "c6"));
    temporal = world.temporal;
    client = world.client;
    token = world.token;
  }

  @AfterAll
  static void stop() {
    if (world != null) {
      world.close();
    }
  }

  @Test
  void healthzNeedsNoTokenEverythingElseDoes() throws Exception {
    ApiClient anonymous = client.withToken(null);
    assertThat(anonymous.get("/healthz").statusCode()).isEqualTo(200);

    for (HttpResponse<String> refused :
        List.of(
            anonymous.get("/metrics"),
            anonymous.post("/v1/runs", "{}"),
            anonymous.post("/v1/alerts/alertmanager", alert("firing", "x", "y")),
            client.withToken(token + "x").get("/v1/runs/anything"),
            client.withToken("").get("/metrics"))) {
      assertThat(refused.statusCode()).isEqualTo(401);
      assertThat(refused.headers().firstValue("WWW-Authenticate"))
          .hasValue("Bearer realm=\"etcd-dr\"");
      assertThat(refused.body()).contains("bearer token").doesNotContain(token);
    }
  }

  @Test
  void unknownPathsAndMethodsAndOversizedBodies() throws Exception {
    assertThat(client.get("/v2/nothing").statusCode()).isEqualTo(404);
    HttpResponse<String> wrongMethod = client.get("/v1/alerts/alertmanager");
    assertThat(wrongMethod.statusCode()).isEqualTo(405);
    assertThat(error(wrongMethod)).isEqualTo("GET is not allowed on /v1/alerts/alertmanager");

    byte[] chunk = new byte[ApiServer.MAX_BODY + 10];
    java.util.Arrays.fill(chunk, (byte) ' ');
    assertThat(client.rawAlertPost("Content-Length: " + chunk.length + "\r\n", chunk))
        .startsWith("HTTP/1.1 413")
        .contains("larger than 1048576 bytes");
    // Without a declared length, too.
    java.io.ByteArrayOutputStream chunked = new java.io.ByteArrayOutputStream();
    chunked.write((Integer.toHexString(chunk.length) + "\r\n").getBytes());
    chunked.write(chunk);
    chunked.write("\r\n0\r\n\r\n".getBytes());
    assertThat(client.rawAlertPost("Transfer-Encoding: chunked\r\n", chunked.toByteArray()))
        .startsWith("HTTP/1.1 413");
  }

  @Test
  void badBodiesAreRefusedWithAReason() throws Exception {
    assertThat(badRequest("/v1/alerts/alertmanager", "{not json"))
        .startsWith("the body is not JSON");
    assertThat(badRequest("/v1/alerts/alertmanager", "{\"version\":\"3\",\"alerts\":[]}"))
        .contains("webhook version `3`");
    assertThat(badRequest("/v1/alerts/alertmanager", "{\"version\":\"4\"}"))
        .contains("`alerts` is missing");
    assertThat(
            badRequest(
                "/v1/alerts/alertmanager",
                "{\"version\":\"4\",\"alerts\":[{\"status\":\"firing\",\"labels\":{\"a\":{}}}]}"))
        .contains("`alerts[0].labels.a`");
    assertThat(badRequest("/v1/runs", "{\"runbook\":\"gated-failover\",\"input\":{}}"))
        .contains("`input`");
    assertThat(badRequest("/v1/runs", "{}")).contains("`runbook` is missing");
    assertThat(
            badRequest(
                "/v1/runs", "{\"runbook\":\"gated-failover\",\"inputs\":{\"cluster\":\"c\"}}"))
        .contains("input `learner`")
        .contains("required");
    assertThat(
            badRequest(
                "/v1/runs",
                "{\"runbook\":\"gated-failover\",\"inputs\":{\"cluster\":7,\"learner\":\"n1\"}}"))
        .contains("input `cluster` must be a string");
  }

  @Test
  void unknownRunbooksAndRunsAreNotFound() throws Exception {
    HttpResponse<String> runbook = client.post("/v1/runs", "{\"runbook\":\"no-such\"}");
    assertThat(runbook.statusCode()).isEqualTo(404);
    assertThat(error(runbook)).contains("no runbook `no-such`").contains("known: gated-failover");

    HttpResponse<String> run = client.get("/v1/runs/gated-failover/nowhere");
    assertThat(run.statusCode()).isEqualTo(404);
    assertThat(error(run)).contains("no run gated-failover/nowhere");
    assertThat(client.post("/v1/runs/gated-failover/nowhere/approve", "").statusCode())
        .isEqualTo(404);
  }

  @Test
  void aRunStartedOverHttpIsReadApprovedAndCompletesThenShowsInMetrics() throws Exception {
    String start =
        "{\"runbook\":\"gated-failover\",\"inputs\":{\"cluster\":\"c1\",\"learner\":\"n1\"}}";
    JsonNode first = accepted(client.post("/v1/runs", start));
    JsonNode second = accepted(client.post("/v1/runs", start));
    assertThat(first.get("workflowId").asText()).isEqualTo("gated-failover/c1");
    assertThat(first.get("attached").asBoolean()).isFalse();
    assertThat(first.get("link").asText())
        .isEqualTo("http://127.0.0.1:8233/namespaces/default/workflows/gated-failover%2Fc1");
    assertThat(second.get("attached").asBoolean()).isTrue();
    assertThat(second.get("runId").asText()).isEqualTo(first.get("runId").asText());

    JsonNode waiting =
        awaitStatus(
            "/v1/runs/gated-failover/c1", s -> stepState(s, "go").equals("WAITING_FOR_APPROVAL"));
    assertThat(waiting.get("workflowStatus").asText()).isEqualTo("running");
    assertThat(waiting.at("/status/inputs/learner").asText()).isEqualTo("n1");

    // The id may also be sent with its slash encoded.
    HttpResponse<String> approved =
        client.post(
            "/v1/runs/gated-failover%2Fc1/approve",
            "{\"by\":\"alice\",\"comment\":\"site A is gone\"}");
    assertThat(approved.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(approved.body()).get("message").asText())
        .isEqualTo("approved `go` for alice");

    awaitStatus(
        "/v1/runs/gated-failover/c1", s -> s.get("workflowStatus").asText().equals("completed"));
    HttpResponse<String> late = client.post("/v1/runs/gated-failover/c1/approve", "");
    assertThat(late.statusCode()).isEqualTo(409);
    assertThat(error(late)).contains("already ended (completed)");
    assertThat(
            client.post("/v1/runs/gated-failover/c1/abort", "{\"reason\":\"late\"}").statusCode())
        .isEqualTo(409);

    String scraped =
        awaitMetrics(
            m ->
                m.contains("etcd_dr_runs_finished_total{")
                    && m.contains("etcd_dr_approval_wait_seconds_count{")
                    && m.contains("temporal_workflow_completed_total{"));
    assertThat(series(scraped, "etcd_dr_runs_started_total"))
        .anyMatch(s -> s.contains("runbook=\"gated-failover\""));
    assertThat(series(scraped, "etcd_dr_runs_finished_total"))
        .anyMatch(
            s -> s.contains("runbook=\"gated-failover\"") && s.contains("outcome=\"succeeded\""));
    assertThat(series(scraped, "etcd_dr_step_duration_seconds_count"))
        .anyMatch(
            s ->
                s.contains("step=\"before\"")
                    && s.contains("kind=\"host.clock\"")
                    && s.contains("outcome=\"done\""))
        .anyMatch(s -> s.contains("step=\"after\""));
    assertThat(series(scraped, "etcd_dr_approval_wait_seconds_count"))
        .anyMatch(s -> s.contains("step=\"go\"") && s.contains("outcome=\"done\""));
    assertThat(scraped.lines().filter(l -> l.startsWith("etcd_dr_")))
        .as("our series carry our labels only, none of Temporal's (activity_type=\"none\", ...)")
        .isNotEmpty()
        .allSatisfy(
            line ->
                assertThat(line)
                    .doesNotContain(
                        "activity_type=", "namespace=", "task_queue=", "workflow_type="));
    // The SDK's own worker metrics come through the same registry.
    assertThat(scraped).contains("temporal_activity_execution_latency");
    assertThat(scraped)
        .as("our timers are summaries, not 70-bucket histograms per step")
        .doesNotContain("etcd_dr_step_duration_seconds_bucket");
  }

  @Test
  void anAbortedRunIsCancelledAndAnApprovalWithNothingWaitingIsAConflict() throws Exception {
    accepted(
        client.post(
            "/v1/runs",
            "{\"runbook\":\"gated-failover\",\"inputs\":{\"cluster\":\"c2\",\"learner\":\"n1\"}}"));
    awaitStatus(
        "/v1/runs/gated-failover/c2", s -> stepState(s, "go").equals("WAITING_FOR_APPROVAL"));
    HttpResponse<String> wrongStep =
        client.post("/v1/runs/gated-failover/c2/approve", "{\"step\":\"before\"}");
    assertThat(wrongStep.statusCode()).isEqualTo(409);
    assertThat(error(wrongStep)).startsWith("cannot decide:");

    assertThat(badRequest("/v1/runs/gated-failover/c2/abort", "{}"))
        .contains("`reason` is missing");
    HttpResponse<String> aborted =
        client.post(
            "/v1/runs/gated-failover/c2/abort", "{\"reason\":\"drill over\",\"by\":\"bob\"}");
    assertThat(aborted.statusCode()).isEqualTo(202);
    JsonNode end =
        awaitStatus(
            "/v1/runs/gated-failover/c2", s -> !s.get("workflowStatus").asText().equals("running"));
    assertThat(end.at("/status/state").asText()).isEqualTo("cancelled");
    assertThat(end.at("/status/abortedBy").asText()).isEqualTo("bob: drill over");
  }

  @Test
  void alertsStartTheirRunbookOncePerClusterAndResolvedOnesAreOnlyRecorded() throws Exception {
    JsonNode first = accepted(client.post("/v1/alerts/alertmanager", alert("firing", "c3", "n1")));
    JsonNode again = accepted(client.post("/v1/alerts/alertmanager", alert("firing", "c3", "n1")));
    JsonNode resolved =
        accepted(client.post("/v1/alerts/alertmanager", alert("resolved", "c3", "n1")));

    assertThat(first.at("/runs/0/outcome").asText()).isEqualTo("started");
    assertThat(first.at("/runs/0/workflowId").asText()).isEqualTo("gated-failover/c3");
    assertThat(first.at("/runs/0/link").asText()).endsWith("/workflows/gated-failover%2Fc3");
    assertThat(again.at("/runs/0/outcome").asText()).isEqualTo("attached");
    assertThat(again.at("/runs/0/runId").asText()).isEqualTo(first.at("/runs/0/runId").asText());
    assertThat(resolved.get("runs")).isEmpty();
    assertThat(resolved.at("/recorded/0/outcome").asText()).startsWith("resolved");
    JsonNode run =
        awaitStatus(
            "/v1/runs/gated-failover/c3", s -> stepState(s, "go").equals("WAITING_FOR_APPROVAL"));
    assertThat(run.at("/status/inputs/learner").asText()).isEqualTo("n1");

    String other = alert("firing", "c3", "n1").replace("EtcdQuorumLost", "EtcdNoLeader");
    assertThat(
            accepted(client.post("/v1/alerts/alertmanager", other))
                .at("/recorded/0/outcome")
                .asText())
        .contains("no runbook's trigger matches");
    String noLearner = alert("firing", "c4", "n1").replace(",\"learner\":\"n1\"", "");
    assertThat(badRequest("/v1/alerts/alertmanager", noLearner))
        .contains("runbook `gated-failover`")
        .contains("learner");

    String scraped = awaitMetrics(m -> m.contains("outcome=\"attached\""));
    assertThat(series(scraped, "etcd_dr_alerts_total"))
        .anyMatch(
            s -> s.contains("alertname=\"EtcdQuorumLost\"") && s.contains("outcome=\"started\""))
        .anyMatch(s -> s.contains("status=\"resolved\"") && s.contains("outcome=\"recorded\""));
    client.post("/v1/runs/gated-failover/c3/abort", "{\"reason\":\"test over\"}");
  }

  /** An Alertmanager v4 body with one alert. */
  static String alert(String status, String cluster, String learner) {
    return "{\"version\":\"4\",\"status\":\""
        + status
        + "\",\"receiver\":\"etcd-dr\",\"groupKey\":\"{}:{alertname=\\\"EtcdQuorumLost\\\"}\","
        + "\"alerts\":[{\"status\":\""
        + status
        + "\",\"labels\":{\"alertname\":\"EtcdQuorumLost\",\"severity\":\"critical\",\"cluster\":\""
        + cluster
        + "\",\"learner\":\""
        + learner
        + "\"},\"annotations\":{\"summary\":\"quorum lost\"},\"startsAt\":\"2026-11-25T07:00:00Z\","
        + "\"fingerprint\":\"f"
        + cluster
        + "\"}]}";
  }

  private static JsonNode accepted(HttpResponse<String> response) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    return JSON.readTree(response.body());
  }

  private static String badRequest(String path, String body) throws Exception {
    HttpResponse<String> response = client.post(path, body);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    return error(response);
  }

  private static String error(HttpResponse<String> response) throws Exception {
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    String error = JSON.readTree(response.body()).get("error").asText();
    assertThat(error).doesNotContain("\n").doesNotContain("Exception");
    return error;
  }

  private static String stepState(JsonNode view, String step) {
    for (JsonNode s : view.at("/status/steps")) {
      if (s.get("id").asText().equals(step)) {
        return s.get("state").asText();
      }
    }
    return "";
  }

  private static JsonNode awaitStatus(String path, Predicate<JsonNode> until) throws Exception {
    return awaitStatus(client, path, until);
  }

  /** A run's JSON once it satisfies {@code until} (a minute at most). */
  static JsonNode awaitStatus(ApiClient client, String path, Predicate<JsonNode> until)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      HttpResponse<String> response = client.get(path);
      if (response.statusCode() == 200) {
        last = JSON.readTree(response.body());
        if (until.test(last)) {
          return last;
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError("never reached the expected state; last: " + last);
  }

  /** Temporal's scope reports to the registry every second: wait for what a test expects. */
  static String awaitMetrics(ApiClient client, Predicate<String> until) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      HttpResponse<String> response = client.get("/metrics");
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
      last = response.body();
      if (until.test(last)) {
        return last;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("/metrics never showed what was expected:\n" + last);
  }

  private static String awaitMetrics(Predicate<String> until) throws Exception {
    return awaitMetrics(client, until);
  }

  /** The lines of one series, labels included. */
  static List<String> series(String scraped, String name) {
    return scraped.lines().filter(l -> l.startsWith(name + "{")).toList();
  }

  static Map<String, String> labels(String line) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("(\\w+)=\"([^\"]*)\"").matcher(line);
    while (m.find()) {
      out.put(m.group(1), m.group(2));
    }
    return out;
  }
}
