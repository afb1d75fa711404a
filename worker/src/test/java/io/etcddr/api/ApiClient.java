package io.etcddr.api;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/** A test's HTTP client for the API, with or without the bearer token. */
final class ApiClient {

  private final HttpClient http;
  private final String base;
  private final String token;

  ApiClient(String base, String token) {
    this(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(), base, token);
  }

  /** Over HTTPS with this TLS context (the CA it trusts, the certificate it presents). */
  ApiClient(SSLContext tls, String base, String token) {
    this(
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).sslContext(tls).build(),
        base,
        token);
  }

  private ApiClient(HttpClient http, String base, String token) {
    this.http = http;
    this.base = base;
    this.token = token;
  }

  String base() {
    return base;
  }

  ApiClient withToken(String other) {
    return new ApiClient(http, base, other);
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return send(request(path).GET());
  }

  HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
    return send(request(path).POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  HttpResponse<String> post(String path, byte[] body) throws IOException, InterruptedException {
    return send(request(path).POST(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json");
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder;
  }

  private HttpResponse<String> send(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
