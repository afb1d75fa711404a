package io.etcddr.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.etcddr.testing.LoopbackExtension;
import io.temporal.api.workflowservice.v1.ListClosedWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * One incident, one run, against a real Temporal server and worker: Alertmanager's repeats of one
 * alert (same fingerprint and startsAt) start one run while it runs and after it ended; inputs
 * naming an unknown cluster or node are refused before any run exists.
 */
class IncidentsIT {

  @RegisterExtension static final LoopbackExtension LOOPBACK = new LoopbackExtension();

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  private static ApiFixture world;

  @BeforeAll
  static void start() throws Exception {
    world = new ApiFixture(dir, LOOPBACK.address(0), List.of("storm", "known"));
  }

  @AfterAll
  static void stop() {
    if (world != null) {
      world.close();
    }
  }

  @Test
  void threeHundredRepeatsStartOneRunAndThreeHundredMoreAfterItEndedStillNameIt() throws Exception {
    String alert = ApiIT.alert("firing", "storm", "n1");

    Set<String> during = storm(alert, 300, 10);
    ApiIT.awaitStatus(
        world.client,
        "/v1/runs/gated-failover/storm",
        s -> s.at("/status/state").asText().equals("running"));
    HttpResponse<String> aborted =
        world.client.post("/v1/runs/gated-failover/storm/abort", "{\"reason\":\"storm over\"}");
    assertThat(aborted.statusCode()).isEqualTo(202);
    ApiIT.awaitStatus(
        world.client,
        "/v1/runs/gated-failover/storm",
        s -> !s.get("workflowStatus").asText().equals("running"));
    Set<String> after = storm(alert, 300, 10);

    assertThat(during).as("runs named while it ran").hasSize(1);
    assertThat(after).as("runs named after it ended").isEqualTo(during);
    assertThat(executions("gated-failover/storm")).isEqualTo(1);
    JsonNode last = JSON.readTree(world.client.post("/v1/alerts/alertmanager", alert).body());
    assertThat(last.at("/runs/0/outcome").asText()).isEqualTo("attached");
    assertThat(last.at("/runs/0/runOutcome").asText()).isEqualTo("canceled");
  }

  @Test
  void unknownClusterOrNodeIsRefusedAndNoRunIsCreated() throws Exception {
    HttpResponse<String> ghost =
        world.client.post(
            "/v1/runs",
            "{\"runbook\":\"gated-failover\",\"inputs\":{\"cluster\":\"ghost\",\"learner\":\"n1\"}}");
    HttpResponse<String> typo =
        world.client.post(
            "/v1/runs",
            "{\"runbook\":\"gated-failover\",\"inputs\":{\"cluster\":\"known\",\"learner\":\"n9\"}}");
    HttpResponse<String> alerted =
        world.client.post("/v1/alerts/alertmanager", ApiIT.alert("firing", "known", "n9"));

    assertThat(ghost.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(ghost.body()).get("error").asText())
        .isEqualTo(
            "input `cluster`: no cluster `ghost` in the inventory "
                + dir.resolve("clusters")
                + "; known clusters: known, storm");
    assertThat(typo.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(typo.body()).get("error").asText())
        .isEqualTo("input `learner`: `n9` is not a node of cluster `known`; its nodes are n1");
    assertThat(alerted.statusCode()).as(alerted.body()).isEqualTo(400);
    assertThat(alerted.body()).contains("`n9` is not a node of cluster `known`");
    assertThat(executions("gated-failover/ghost")).isZero();
    assertThat(executions("gated-failover/known")).isZero();
  }

  /** Posts the same notification {@code count} times, {@code parallel} at a time. */
  private static Set<String> storm(String alert, int count, int parallel) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(parallel);
    try {
      List<Future<HttpResponse<String>>> sent = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        sent.add(pool.submit(() -> world.client.post("/v1/alerts/alertmanager", alert)));
      }
      Set<String> runs = new HashSet<>();
      for (Future<HttpResponse<String>> answer : sent) {
        HttpResponse<String> response = answer.get();
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("runs")).hasSize(1);
        runs.add(body.at("/runs/0/workflowId").asText() + " " + body.at("/runs/0/runId").asText());
      }
      return runs;
    } finally {
      pool.shutdownNow();
    }
  }

  /** Executions of a workflow id on the server, open and closed (the test server's list API). */
  private static int executions(String workflowId) {
    var stub = world.temporal.service().blockingStub();
    String namespace = world.temporal.options().namespace();
    long open =
        stub
            .listOpenWorkflowExecutions(
                ListOpenWorkflowExecutionsRequest.newBuilder().setNamespace(namespace).build())
            .getExecutionsList()
            .stream()
            .filter(e -> e.getExecution().getWorkflowId().equals(workflowId))
            .count();
    long closed =
        stub
            .listClosedWorkflowExecutions(
                ListClosedWorkflowExecutionsRequest.newBuilder().setNamespace(namespace).build())
            .getExecutionsList()
            .stream()
            .filter(e -> e.getExecution().getWorkflowId().equals(workflowId))
            .count();
    return (int) (open + closed);
  }
}
