package io.etcddr.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.etcddr.activities.cert.TlsContexts;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * `approve --api URL --token-file FILE`: a decision sent through the worker's HTTP API with the
 * person's own token, so that the worker can vouch for who decided. Approvals that ask for people,
 * roles or approvers count only such decisions.
 */
final class ApiApproval {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Option(
      names = "--api",
      paramLabel = "URL",
      defaultValue = "${env:ETCD_DR_API}",
      description =
          "the worker's HTTP API (e.g. https://etcd-dr.example:8080): decide as the person whose"
              + " --token-file this is (env ETCD_DR_API)")
  String api;

  @Option(
      names = "--token-file",
      paramLabel = "FILE",
      defaultValue = "${env:ETCD_DR_TOKEN_FILE}",
      description = "your personal token (etcd-dr user add) (env ETCD_DR_TOKEN_FILE)")
  Path tokenFile;

  @Option(
      names = "--api-ca",
      paramLabel = "FILE",
      defaultValue = "${env:ETCD_DR_API_CA}",
      description = "the CA that signed the API's HTTPS certificate (env ETCD_DR_API_CA)")
  Path apiCa;

  boolean given() {
    return api != null;
  }

  /** Sends the decision; the API's answer, or a usage error with what the API said. */
  String decide(String id, String step, boolean reject, String comment) throws Exception {
    if (tokenFile == null) {
      throw new UsageException("--api needs --token-file FILE: your personal token");
    }
    String token;
    try {
      token = Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UsageException("cannot read --token-file " + tokenFile + "; check the path");
    }
    Map<String, Object> body = new LinkedHashMap<>();
    if (step != null) {
      body.put("step", step);
    }
    if (reject) {
      body.put("reject", true);
    }
    if (comment != null) {
      body.put("comment", comment);
    }
    HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
    if (apiCa != null) {
      client.sslContext(TlsContexts.client(apiCa, null, null));
    }
    String url =
        api.replaceAll("/+$", "")
            + "/v1/runs/"
            + URLEncoder.encode(id, StandardCharsets.UTF_8)
            + "/approve";
    HttpResponse<String> response;
    try {
      response =
          client
              .build()
              .send(
                  HttpRequest.newBuilder(URI.create(url))
                      .timeout(Duration.ofSeconds(30))
                      .header("Authorization", "Bearer " + token)
                      .header("Content-Type", "application/json")
                      .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new NotAnswering(
          "the HTTP API at " + api + " does not answer (" + e.getClass().getSimpleName() + ")");
    }
    JsonNode answer = JSON.readTree(response.body());
    if (response.statusCode() != 200) {
      throw new UsageException(
          answer.has("error") ? answer.get("error").asText() : "HTTP " + response.statusCode());
    }
    return answer.get("message").asText();
  }
}
