package io.etcddr.activities.etcd;

import io.etcddr.activities.cert.PemFiles;
import io.etcddr.activities.cert.TlsContexts;
import io.etcddr.contract.etcd.EtcdActivities.Certificates;
import io.etcddr.contract.etcd.EtcdActivities.Expiry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * When the cluster's certificates expire, as its clients see them: each member's serving
 * certificate from a TLS handshake with its client URL (with the worker's own client certificate,
 * as etcd requires), and the CA the worker trusts. Nothing is read on the nodes.
 */
final class CertificateExpiry {

  private CertificateExpiry() {}

  static Certificates of(EtcdCluster cluster, Duration timeout, Instant now) {
    X509Certificate ca;
    SSLContext tls;
    try {
      ca = PemFiles.readCertificate(cluster.tls().caCert());
      tls = TlsContexts.client(cluster.tls().caCert(), cluster.tls().cert(), cluster.tls().key());
    } catch (IOException | GeneralSecurityException e) {
      throw io.etcddr.activities.support.ActivityFailures.precondition(
          "cannot use the worker's etcd TLS files of " + cluster.name() + ": " + e.getMessage());
    }
    Expiry caExpiry = expiry("ca", ca, now);
    List<Expiry> members = new ArrayList<>();
    List<String> unreachable = new ArrayList<>();
    for (String endpoint : cluster.endpoints()) {
      try {
        members.add(expiry(endpoint, served(tls, endpoint, timeout), now));
      } catch (IOException e) {
        unreachable.add(endpoint + ": " + e.getMessage());
      }
    }
    long soonest = members.stream().mapToLong(Expiry::daysLeft).min().orElse(Long.MAX_VALUE);
    return new Certificates(caExpiry, members, unreachable, Math.min(soonest, caExpiry.daysLeft()));
  }

  private static X509Certificate served(SSLContext tls, String endpoint, Duration timeout)
      throws IOException {
    URI url = URI.create(endpoint);
    try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket()) {
      socket.connect(new InetSocketAddress(url.getHost(), url.getPort()), (int) timeout.toMillis());
      socket.setSoTimeout((int) timeout.toMillis());
      socket.startHandshake();
      Certificate[] chain = socket.getSession().getPeerCertificates();
      return (X509Certificate) chain[0];
    }
  }

  private static Expiry expiry(String of, X509Certificate certificate, Instant now) {
    Instant notAfter = certificate.getNotAfter().toInstant();
    return new Expiry(
        of,
        certificate.getSubjectX500Principal().getName(),
        notAfter.toString(),
        Duration.between(now, notAfter).toDays());
  }
}
