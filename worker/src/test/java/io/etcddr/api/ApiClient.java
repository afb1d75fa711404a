package io.etcddr.api;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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

  /**
   * A POST to the Alertmanager route on a plain socket, to control what is declared and sent; the
   * answer up to the end of its JSON error (the server may keep the connection open).
   */
  String rawAlertPost(String headers, byte[] body) throws IOException {
    URI api = URI.create(base);
    try (Socket socket = new Socket(api.getHost(), api.getPort())) {
      socket.setSoTimeout(10_000);
      var out = socket.getOutputStream();
      out.write(
          ("POST /v1/alerts/alertmanager HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                  + token
                  + "\r\nConnection: close\r\n"
                  + headers
                  + "\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      try {
        out.write(body);
        out.flush();
      } catch (IOException refusedEarly) {
        // the server answered before the body was through
      }
      StringBuilder answer = new StringBuilder();
      var in = socket.getInputStream();
      for (int b; answer.indexOf("}") < 0 && (b = in.read()) >= 0; ) {
        answer.append((char) b);
      }
      return answer.toString();
    }
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
