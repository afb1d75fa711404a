package io.etcddr.activities.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.etcddr.activities.preflight.PreflightTable;
import io.etcddr.activities.preflight.Preflighted;
import io.etcddr.activities.support.ActivityFailures;
import io.etcddr.contract.StepContext;
import io.etcddr.contract.notify.NotifyActivities;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

public final class NotifyActivitiesImpl implements NotifyActivities, Preflighted {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** The receiver must take a connection; nothing is posted. */
  @Override
  public PreflightTable preflights() {
    return new PreflightTable()
        .add(
            "notify.webhook",
            WebhookRequest.class,
            (request, asked, context) -> {
              URI uri = uri(request.url());
              String would = "post a message to " + uri;
              int port =
                  uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
              try (java.net.Socket socket = new java.net.Socket()) {
                socket.connect(new java.net.InetSocketAddress(uri.getHost(), port), 3000);
                return io.etcddr.contract.Preflight.ready(would);
              } catch (IOException e) {
                return io.etcddr.contract.Preflight.notReady(
                    would, uri.getHost() + ":" + port + " takes no connection: " + e.getMessage());
              }
            });
  }

  @Override
  public WebhookResult webhook(WebhookRequest request, StepContext context) {
    URI uri = uri(request.url());
    HttpRequest post =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", context.idempotencyKey())
            .POST(HttpRequest.BodyPublishers.ofString(body(request)))
            .build();
    HttpResponse<Void> response;
    try {
      response = http.send(post, HttpResponse.BodyHandlers.discarding());
    } catch (IOException e) {
      throw ActivityFailures.retryable("POST " + uri + " failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ActivityFailures.retryable("interrupted while posting to " + uri);
    }
    int status = response.statusCode();
    if (status >= 400 && status < 500) {
      throw ActivityFailures.badInput(
          "POST " + uri + " answered " + status + "; check the URL and the receiver");
    }
    if (status >= 500) {
      throw ActivityFailures.retryable("POST " + uri + " answered " + status);
    }
    return new WebhookResult(status);
  }

  private static URI uri(String url) {
    try {
      URI uri = URI.create(url);
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
        throw ActivityFailures.badInput("webhook URL " + url + " is not http(s)");
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw ActivityFailures.badInput("webhook URL " + url + " is not a URL: " + e.getMessage());
    }
  }

  private static String body(WebhookRequest request) {
    try {
      return JSON.writeValueAsString(request.message());
    } catch (JsonProcessingException e) {
      throw ActivityFailures.badInput(
          "message cannot be written as JSON: " + e.getOriginalMessage());
    }
  }
}
