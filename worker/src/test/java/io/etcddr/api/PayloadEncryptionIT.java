package io.etcddr.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.util.JsonFormat;
import io.etcddr.cli.CliRun;
import io.etcddr.codec.PayloadEncryption;
import io.etcddr.codec.PayloadKeys;
import io.etcddr.testing.LoopbackExtension;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.history.v1.History;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Payload encryption on a real Temporal server process: with a keyset, the raw history the server
 * holds carries no input, prompt or abort reason in clear — only encrypted payloads — while the CLI
 * and the API, given the same keyset, read the run as before; the codec endpoints decode for the
 * Web UI's origin with the token, and a rotated keyset still reads what the old key wrote.
 */
class PayloadEncryptionIT {

  @RegisterExtension static final LoopbackExtension LOOPBACK = new LoopbackExtension();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CLUSTER = "secret-cluster-7f3a";
  private static final String REASON = "reason-marker-91c2";
  private static final String UI = "http://127.0.0.1:8233";
  private static final String RUN = "gated-failover/" + CLUSTER;

  @TempDir static Path dir;
  private static Path keyset;
  private static ApiFixture world;

  @BeforeAll
  static void start() throws Exception {
    keyset = dir.resolve("keys/payload-keyset.json");
    PayloadKeys.create(keyset);
    world = new ApiFixture(dir, LOOPBACK.address(0), List.of(CLUSTER), keyset, UI);
  }

  @AfterAll
  static void stop() {
    if (world != null) {
      world.close();
    }
  }

  @Test
  void theServerHoldsNoPlaintextAndEveryReaderWithTheKeysetSeesTheRun() throws Exception {
    assertThat(Files.getPosixFilePermissions(keyset))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    String started =
        world
            .client
            .post(
                "/v1/runs",
                "{\"runbook\":\"gated-failover\",\"inputs\":{\"cluster\":\""
                    + CLUSTER
                    + "\",\"learner\":\"n1\"}}")
            .body();
    assertThat(started).contains(RUN);
    awaitApproval();
    assertThat(
            world
                .client
                .post(
                    "/v1/runs/" + RUN.replace("/", "%2F") + "/abort",
                    "{\"reason\":\"" + REASON + "\"}")
                .statusCode())
        .isEqualTo(202);
    awaitEnd();

    History history = rawHistory();
    String raw =
        new String(withoutIndexedFields(history).toByteArray(), StandardCharsets.ISO_8859_1);
    assertThat(raw).contains(PayloadEncryption.ENCODING);
    assertThat(raw).doesNotContain(CLUSTER).doesNotContain(REASON);
    // The same scan finds the plaintext once decoded: it would catch a leak.
    String decoded = decodedPayloads(history, new PayloadEncryption(PayloadKeys.load(keyset)));
    assertThat(decoded).contains(CLUSTER).contains(REASON);

    CliRun status =
        CliRun.of("status", RUN, "--address", world.address, "--payload-keyset", keyset.toString());
    assertThat(status.out()).contains(CLUSTER).contains(REASON);

    codecServerDecodesForTheUi(history);
    aRotatedKeysetStillReadsTheOldHistory(history);
  }

  private static void codecServerDecodesForTheUi(History history) throws Exception {
    Payload encrypted = firstEncrypted(history);
    String body = JsonFormat.printer().print(Payloads.newBuilder().addPayloads(encrypted).build());
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> decoded =
        http.send(codec(body, world.token, UI), HttpResponse.BodyHandlers.ofString());
    assertThat(decoded.statusCode()).isEqualTo(200);
    assertThat(decoded.headers().firstValue("Access-Control-Allow-Origin")).hasValue(UI);
    JsonNode payload = JSON.readTree(decoded.body()).at("/payloads/0");
    assertThat(
            new String(
                Base64.getDecoder().decode(payload.get("data").asText()), StandardCharsets.UTF_8))
        .contains(CLUSTER);

    assertThat(http.send(codec(body, null, UI), HttpResponse.BodyHandlers.ofString()).statusCode())
        .as("the codec needs the token")
        .isEqualTo(401);
    HttpResponse<String> preflight = http.send(preflight(UI), HttpResponse.BodyHandlers.ofString());
    assertThat(preflight.statusCode()).isEqualTo(204);
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers").orElse(""))
        .contains("Authorization")
        .contains("X-Namespace");
    HttpResponse<String> elsewhere =
        http.send(preflight("http://evil.example"), HttpResponse.BodyHandlers.ofString());
    assertThat(elsewhere.statusCode()).isEqualTo(403);
    assertThat(elsewhere.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
  }

  private static void aRotatedKeysetStillReadsTheOldHistory(History history) throws Exception {
    String before = PayloadKeys.load(keyset).primaryKeyId();
    String after = PayloadKeys.rotate(keyset);
    assertThat(after).isNotEqualTo(before);
    PayloadEncryption rotated = new PayloadEncryption(PayloadKeys.load(keyset));
    assertThat(decodedPayloads(history, rotated)).contains(CLUSTER);
    Payload fresh =
        rotated
            .encode(
                List.of(
                    Payload.newBuilder()
                        .setData(com.google.protobuf.ByteString.copyFromUtf8("x"))
                        .build()))
            .get(0);
    assertThat(fresh.getMetadataMap().get(PayloadEncryption.KEY_ID).toStringUtf8())
        .isEqualTo(after);
    assertThat(Files.getPosixFilePermissions(keyset))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
  }

  private static HttpRequest codec(String body, String token, String origin) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(world.client.base() + "/codec/decode"))
            .header("Content-Type", "application/json")
            .header("Origin", origin)
            .header("X-Namespace", "default")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return request.build();
  }

  private static HttpRequest preflight(String origin) {
    return HttpRequest.newBuilder(URI.create(world.client.base() + "/codec/decode"))
        .header("Origin", origin)
        .header("Access-Control-Request-Method", "POST")
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
        .build();
  }

  private static History rawHistory() {
    WorkflowServiceStubs plain =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(world.address).build());
    try {
      return plain
          .blockingStub()
          .getWorkflowExecutionHistory(
              GetWorkflowExecutionHistoryRequest.newBuilder()
                  .setNamespace("default")
                  .setExecution(WorkflowExecution.newBuilder().setWorkflowId(RUN))
                  .build())
          .getHistory();
    } finally {
      plain.shutdownNow();
    }
  }

  /**
   * The history without what Temporal must index and so keeps in clear by design: the search
   * attributes (runbook, cluster). The run's id (RUNBOOK/CLUSTER) is not part of its events.
   */
  private static History withoutIndexedFields(History history) {
    History.Builder out = history.toBuilder();
    for (var event : out.getEventsBuilderList()) {
      if (event.hasWorkflowExecutionStartedEventAttributes()) {
        event.getWorkflowExecutionStartedEventAttributesBuilder().clearSearchAttributes();
      }
      if (event.hasUpsertWorkflowSearchAttributesEventAttributes()) {
        event.getUpsertWorkflowSearchAttributesEventAttributesBuilder().clearSearchAttributes();
      }
    }
    return out.build();
  }

  /** Every encrypted payload of the history, decoded, as text. */
  private static String decodedPayloads(History history, PayloadEncryption codec) {
    StringBuilder out = new StringBuilder();
    for (Payload payload : encryptedPayloads(history)) {
      out.append(codec.decode(List.of(payload)).get(0).getData().toStringUtf8()).append('\n');
    }
    return out.toString();
  }

  private static Payload firstEncrypted(History history) {
    return encryptedPayloads(history).get(0);
  }

  /** Payloads anywhere in the history's events, found by their encoding. */
  private static List<Payload> encryptedPayloads(History history) {
    List<Payload> found = new java.util.ArrayList<>();
    history.getEventsList().forEach(e -> collect(e, found));
    return found;
  }

  private static void collect(com.google.protobuf.Message message, List<Payload> found) {
    if (message instanceof Payload p) {
      var encoding = p.getMetadataMap().get("encoding");
      if (encoding != null && encoding.toStringUtf8().equals(PayloadEncryption.ENCODING)) {
        found.add(p);
      }
      return;
    }
    message
        .getAllFields()
        .forEach(
            (field, value) -> {
              if (value instanceof com.google.protobuf.Message m) {
                collect(m, found);
              } else if (value instanceof List<?> list) {
                list.stream()
                    .filter(com.google.protobuf.Message.class::isInstance)
                    .forEach(v -> collect((com.google.protobuf.Message) v, found));
              }
            });
  }

  private static void awaitApproval() throws Exception {
    for (int i = 0; i < 300; i++) {
      JsonNode run = JSON.readTree(world.client.get("/v1/runs/" + RUN.replace("/", "%2F")).body());
      if (run.toString().contains("WAITING_FOR_APPROVAL")) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the run never waited for its approval");
  }

  private static void awaitEnd() throws Exception {
    for (int i = 0; i < 300; i++) {
      JsonNode run = JSON.readTree(world.client.get("/v1/runs/" + RUN.replace("/", "%2F")).body());
      if (run.at("/status/state").asText().matches("cancelled|failed")) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the run never ended after its abort");
  }
}
