package io.etcddr.activities.etcd;

import io.etcd.jetcd.Client;
import io.grpc.netty.GrpcSslContexts;
import io.netty.handler.ssl.SslContext;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLException;

/**
 * jetcd clients built for a disaster: by default jetcd waits forever for an endpoint that is down
 * (waitForReady); ours fail fast, time out connections and detect dead peers by keepalive, so a
 * status call answers while quorum is lost (see docs/facts.md).
 */
public final class EtcdClients {

  public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);

  private EtcdClients() {}

  public static Client connect(List<String> endpoints, EtcdTls tls) throws SSLException {
    return Client.builder()
        .endpoints(endpoints.toArray(String[]::new))
        .sslContext(sslContext(tls))
        .waitForReady(false)
        .connectTimeout(CONNECT_TIMEOUT)
        .keepaliveTime(Duration.ofSeconds(5))
        .keepaliveTimeout(Duration.ofSeconds(3))
        .retryMaxDuration(Duration.ofSeconds(5))
        .build();
  }

  /** Mutual TLS: trust the cluster CA, present the member or client certificate. */
  public static SslContext sslContext(EtcdTls tls) throws SSLException {
    // Netty reads RKE's PKCS#1 keys through BouncyCastle, which is on the classpath (bcpkix).
    try {
      return GrpcSslContexts.forClient()
          .trustManager(tls.caCert().toFile())
          .keyManager(tls.cert().toFile(), tls.key().toFile())
          .build();
    } catch (IllegalArgumentException unreadable) {
      // "File does not contain valid certificates": a setting to fix, like any other TLS error
      throw new SSLException(unreadable.getMessage(), unreadable);
    }
  }
}
