package io.etcddr.testing;

import io.etcddr.activities.cert.CertActivitiesImpl;
import io.etcddr.activities.cert.ClusterCa;
import io.etcddr.activities.cert.RkeCertificateNames;
import io.etcddr.activities.cert.TlsContexts;
import io.etcddr.activities.host.AgentPaths;
import io.etcddr.contract.CertIssueParts.InstallRequest;
import io.etcddr.contract.CertIssueParts.IssueRequest;
import io.etcddr.contract.CertIssueParts.SignRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;

/**
 * A CA of its own for a test and certificates from it, made by cert.issue's own code (key on the
 * "node" that uses it, only the certificate crosses): server and client authentication both, as
 * RKE's etcd certificates have, for an IP address.
 */
public final class TestPki {

  private final Path dir;

  private TestPki(Path dir) {
    this.dir = dir;
  }

  public static TestPki create(Path dir, String name) throws Exception {
    Files.createDirectories(dir.resolve("ca"));
    ClusterCa.create(dir.resolve("ca"), name, Duration.ofDays(30));
    return new TestPki(dir);
  }

  public Path caCert() {
    return dir.resolve("ca").resolve(RkeCertificateNames.CA_CERT);
  }

  /** A certificate and key for {@code address} (also its SAN), in a folder of their own. */
  public Issued issue(String holder, String address) {
    AgentPaths target = new AgentPaths(dir.resolve(holder));
    CertActivitiesImpl onHolder = new CertActivitiesImpl(target, Clock.systemUTC());
    CertActivitiesImpl onCa = new CertActivitiesImpl(new AgentPaths(dir), Clock.systemUTC());
    var prepared =
        onHolder.prepare(
            new IssueRequest("test", address, List.of(), null, null, null, "/ssl"), null);
    var signed = onCa.sign(new SignRequest(prepared.csr(), null, "/ca"), null);
    onHolder.install(new InstallRequest(address, "/ssl", signed.certificate()), null);
    Path ssl = dir.resolve(holder).resolve("ssl");
    return new Issued(
        RkeCertificateNames.etcdCert(ssl, address), RkeCertificateNames.etcdKey(ssl, address));
  }

  /** A client's TLS context: trusts this CA, and presents {@code identity} when given. */
  public SSLContext clientContext(Issued identity) throws Exception {
    return identity == null
        ? TlsContexts.client(caCert(), null, null)
        : TlsContexts.client(caCert(), identity.cert(), identity.key());
  }

  public record Issued(Path cert, Path key) {}
}
