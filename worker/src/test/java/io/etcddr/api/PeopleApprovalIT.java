package io.etcddr.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.etcddr.engine.ApprovalDecision;
import io.etcddr.engine.RunbookWorkflow;
import io.etcddr.testing.LoopbackExtension;
import io.temporal.api.enums.v1.EventType;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failover gate that asks for two people with the role sre, through the HTTP API of a real worker
 * on a real Temporal server: each person approves with their own token; the shared token, a bare
 * signal straight to Temporal, the same person twice and someone without the role do not count; the
 * status and the history say who approved and how they were identified.
 */
class PeopleApprovalIT {

  @RegisterExtension static final LoopbackExtension LOOPBACK = new LoopbackExtension();
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  private static ApiFixture world;

  @BeforeAll
  static void start() throws Exception {
    world = new ApiFixture(dir, LOOPBACK.address(0), List.of("p1", "p2"));
  }

  @AfterAll
  static void stop() {
    if (world != null) {
      world.close();
    }
  }

  @Test
  void twoPeopleWithTheRoleApproveEachWithTheirOwnToken() throws Exception {
    String run = started("p1");

    HttpResponse<String> shared = world.client.post(approve(run), "{}");
    HttpResponse<String> alice = as("alice").post(approve(run), "{}");
    HttpResponse<String> aliceAgain = as("alice").post(approve(run), "{}");
    HttpResponse<String> carol = as("carol").post(approve(run), "{}");
    world
        .temporal
        .client()
        .newUntypedWorkflowStub(run)
        .signal(RunbookWorkflow.SIGNAL_APPROVE, new ApprovalDecision("go", true, "bob", null));
    JsonNode waiting = status(run);
    HttpResponse<String> bob = as("bob").post(approve(run), "{\"comment\":\"site A is gone\"}");
    JsonNode done = awaitEnd(run);

    assertThat(shared.statusCode()).isEqualTo(409);
    assertThat(message(shared))
        .startsWith(
            "cannot decide: `go` counts only people the worker identified (2 people, role sre)");
    assertThat(message(alice))
        .isEqualTo("approved `go` for alice, identified by token; 1 more person needed");
    assertThat(message(aliceAgain))
        .isEqualTo("alice already approved `go`, which counts once; 1 more person needed");
    assertThat(carol.statusCode()).isEqualTo(409);
    assertThat(message(carol)).contains("carol holds none of the roles `go` asks for (sre)");
    assertThat(waiting.at("/status/steps/1/state").asText()).isEqualTo("WAITING_FOR_APPROVAL");
    assertThat(waiting.at("/status/steps/1/prompt").asText())
        .as("the bare signal for bob did not count")
        .isEqualTo("fail p1 over? [approved by alice (token); 1 more person needed]");
    assertThat(message(bob)).isEqualTo("approved `go` for bob, identified by token");
    assertThat(done.get("workflowStatus").asText()).isEqualTo("completed");
    JsonNode go = done.at("/status/steps/1/outputs");
    assertThat(go.get("by").asText()).isEqualTo("alice, bob");
    assertThat(go.at("/people/0/name").asText()).isEqualTo("alice");
    assertThat(go.at("/people/0/identifiedBy").asText()).isEqualTo("token");
    assertThat(go.at("/people/1/name").asText()).isEqualTo("bob");
    assertThat(go.at("/people/1/at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    assertThat(historyText(run))
        .as("the history keeps each decision with its signed identity")
        .contains("\"name\":\"alice\"")
        .contains("\"method\":\"token\"")
        .contains("\"signature\"");
  }

  @Test
  void aTokenSpeaksForItsPersonOnly() throws Exception {
    String run = started("p2");

    HttpResponse<String> posing = as("alice").post(approve(run), "{\"by\":\"bob\"}");
    HttpResponse<String> rejected = as("bob").post(approve(run), "{\"reject\":true}");
    JsonNode done = awaitEnd(run);

    assertThat(posing.statusCode()).isEqualTo(400);
    assertThat(message(posing)).isEqualTo("`by` is bob but your token is alice's; leave `by` out");
    assertThat(message(rejected)).isEqualTo("rejected `go` for bob, identified by token");
    assertThat(done.get("workflowStatus").asText()).isEqualTo("failed");
    assertThat(done.at("/status/failure").asText()).contains("rejected by bob");
    assertThat(Files.readString(world.users.file()))
        .as("the users file keeps no token")
        .doesNotContain(world.tokens.get("alice"));
  }

  @Test
  void theConsoleLogsInWithAPersonalTokenAndRefusesAFormThatDidNotComeFromIt() throws Exception {
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    String base = world.client.base() + "/console";
    HttpResponse<String> wrong = http.send(form(base + "/login", "token=nope", null), ofString());
    HttpResponse<String> login =
        http.send(form(base + "/login", "token=" + world.tokens.get("carol"), null), ofString());
    String cookie = login.headers().firstValue("Set-Cookie").orElse("");
    String session = cookie.substring(0, cookie.indexOf(';'));
    HttpResponse<String> page =
        http.send(
            java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/"))
                .header("Cookie", session)
                .build(),
            ofString());
    HttpResponse<String> forged =
        http.send(
            form(base + "/decide", "run=x%2Fy&step=go&decision=approve&form=guess", session),
            ofString());

    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.body()).contains("That token is not in the worker&#39;s users file.");
    assertThat(login.statusCode()).isEqualTo(303);
    assertThat(cookie).contains("HttpOnly").contains("SameSite=Strict").contains("Path=/console");
    assertThat(page.body()).contains("carol (dba)").contains("Cluster p1").contains("Recent runs");
    assertThat(page.body())
        .as("no asset from elsewhere")
        .doesNotContain("<script")
        .doesNotContain("src=");
    assertThat(forged.statusCode()).as("a form without the session's form token").isEqualTo(403);
  }

  private static java.net.http.HttpRequest form(String url, String body, String cookie) {
    var request =
        java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body));
    if (cookie != null) {
      request.header("Cookie", cookie);
    }
    return request.build();
  }

  private static HttpResponse.BodyHandler<String> ofString() {
    return HttpResponse.BodyHandlers.ofString();
  }

  private static String started(String cluster) throws Exception {
    HttpResponse<String> started =
        world.client.post(
            "/v1/runs",
            "{\"runbook\":\"two-people-failover\",\"inputs\":{\"cluster\":\"" + cluster + "\"}}");
    assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
    String id = JSON.readTree(started.body()).get("workflowId").asText();
    for (int i = 0; i < 240; i++) {
      if (status(id).at("/status/steps/1/state").asText().equals("WAITING_FOR_APPROVAL")) {
        return id;
      }
      Thread.sleep(250);
    }
    throw new AssertionError(id + " never waited for approval");
  }

  private static ApiClient as(String person) {
    return world.client.withToken(world.tokens.get(person));
  }

  private static String approve(String run) {
    return "/v1/runs/" + run.replace("/", "%2F") + "/approve";
  }

  private static JsonNode status(String run) throws Exception {
    return JSON.readTree(world.client.get("/v1/runs/" + run.replace("/", "%2F")).body());
  }

  private static JsonNode awaitEnd(String run) throws Exception {
    JsonNode status = status(run);
    for (int i = 0; i < 240 && status.get("workflowStatus").asText().equals("running"); i++) {
      Thread.sleep(250);
      status = status(run);
    }
    return status;
  }

  private static String message(HttpResponse<String> response) throws Exception {
    JsonNode body = JSON.readTree(response.body());
    return body.has("message") ? body.get("message").asText() : body.get("error").asText();
  }

  /** The run's history as the server keeps it, payloads decoded by the SDK's JSON converter. */
  private static String historyText(String run) {
    StringBuilder text = new StringBuilder();
    world
        .temporal
        .client()
        .fetchHistory(run)
        .getEvents()
        .forEach(
            e -> {
              if (e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED) {
                e.getWorkflowExecutionUpdateAcceptedEventAttributes()
                    .getAcceptedRequest()
                    .getInput()
                    .getArgs()
                    .getPayloadsList()
                    .forEach(p -> text.append(p.getData().toStringUtf8()));
              }
            });
    return text.toString();
  }
}
