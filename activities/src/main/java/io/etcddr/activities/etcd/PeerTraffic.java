package io.etcddr.activities.etcd;

import io.etcddr.activities.cert.TlsContexts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * What a member has received from its peers, from its own /metrics on the client URL
 * (`etcd_network_peer_received_bytes_total`, one series per sender). A live leader sends every
 * member, learners too, a heartbeat each heartbeat interval (100 ms by default, 500 ms as RKE sets
 * it), so the sum grows while a leader reaches the member even when nothing is written; it stops
 * when the leader dies or is cut off (docs/facts.md). The series `From="0"` is not a peer and is
 * left out.
 */
final class PeerTraffic {

  private static final String SERIES = "etcd_network_peer_received_bytes_total{";

  private PeerTraffic() {}

  /** The bytes received from peers so far; empty when /metrics does not answer in time. */
  static OptionalLong receivedBytes(String endpoint, EtcdTls tls, Duration timeout) {
    try {
      HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(timeout);
      if (endpoint.startsWith("https://")) {
        builder.sslContext(TlsContexts.client(tls.caCert(), tls.cert(), tls.key()));
      }
      HttpResponse<String> metrics =
          builder
              .build()
              .send(
                  HttpRequest.newBuilder(URI.create(endpoint + "/metrics"))
                      .timeout(timeout)
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      return metrics.statusCode() == 200 ? sum(metrics.body()) : OptionalLong.empty();
    } catch (IOException | GeneralSecurityException e) {
      return OptionalLong.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return OptionalLong.empty();
    }
  }

  /** The sum over the peers' series; empty when the text has none (not an etcd, or too old). */
  static OptionalLong sum(String exposition) {
    long total = 0;
    boolean seen = false;
    for (String line : exposition.split("\n")) {
      if (line.startsWith(SERIES) && !line.contains("From=\"0\"")) {
        // Prometheus' text format may write a large count with an exponent: 1.2345e+06
        total += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1).strip());
        seen = true;
      }
    }
    return seen ? OptionalLong.of(total) : OptionalLong.empty();
  }
}
