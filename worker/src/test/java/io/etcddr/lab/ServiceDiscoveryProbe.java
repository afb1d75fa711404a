package io.etcddr.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.TreeMap;

/** The API's Prometheus service discovery (GET /v1/sd/etcd), as Prometheus reads it. */
final class ServiceDiscoveryProbe {

  private ServiceDiscoveryProbe() {}

  /** GET /v1/sd/etcd, with the bearer token unless it is null. */
  static HttpResponse<String> discovery(String api, String token) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://" + api + "/v1/sd/etcd"));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /**
   * Waits until service discovery lists exactly these nodes' members with these roles, in
   * Prometheus's http_sd format: target groups of host:port with string labels.
   */
  static void awaitTargets(String api, String token, Map<String, String> roles) throws Exception {
    Map<String, String> seen = Map.of();
    for (int i = 0; i < 60; i++) {
      var response = discovery(api, token);
      assertThat(response.statusCode()).isEqualTo(200);
      JsonNode groups = new ObjectMapper().readTree(response.body());
      Map<String, String> now = new TreeMap<>();
      for (JsonNode group : groups) {
        assertThat(group.path("targets").size()).isEqualTo(1);
        assertThat(group.path("targets").get(0).asText()).matches("10\\.\\d+\\.\\d+\\.\\d+:2379");
        JsonNode labels = group.path("labels");
        assertThat(labels.path("cluster").asText()).isEqualTo("lab");
        labels.fields().forEachRemaining(l -> assertThat(l.getValue().isTextual()).isTrue());
        now.put(labels.path("node").asText(), labels.path("role").asText());
      }
      seen = now;
      if (now.equals(new TreeMap<>(roles))) {
        return;
      }
      Thread.sleep(500);
    }
    assertThat(seen).as("service discovery's targets").isEqualTo(new TreeMap<>(roles));
  }
}
