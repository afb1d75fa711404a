package io.etcddr.activities.cert;

import static io.etcddr.activities.support.StepInputs.duration;
import static io.etcddr.activities.support.StepInputs.orDefault;

import io.etcddr.activities.host.AgentPaths;
import io.etcddr.activities.preflight.PreflightTable;
import io.etcddr.activities.preflight.Preflighted;
import io.etcddr.activities.support.ActivityFailures;
import io.etcddr.contract.CertIssueParts.InstallRequest;
import io.etcddr.contract.CertIssueParts.IssueRequest;
import io.etcddr.contract.CertIssueParts.Issued;
import io.etcddr.contract.CertIssueParts.Prepared;
import io.etcddr.contract.CertIssueParts.SignRequest;
import io.etcddr.contract.CertIssueParts.Signed;
import io.etcddr.contract.Preflight;
import io.etcddr.contract.StepContext;
import io.etcddr.contract.cert.CertActivities;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

public final class CertActivitiesImpl implements CertActivities, Preflighted {

  static final Duration DEFAULT_VALIDITY = Duration.ofDays(365);
  static final Duration DEFAULT_RENEW_BEFORE = Duration.ofDays(30);
  static final String DEFAULT_CERT_DIR = "/etc/kubernetes/ssl";

  private final AgentPaths paths;
  private final Clock clock;

  public CertActivitiesImpl(AgentPaths paths, Clock clock) {
    this.paths = paths;
    this.clock = clock;
  }

  /**
   * cert.issue here: a valid certificate is reused (its outputs known); otherwise a key would be
   * made here and signed on the CA node, whose own preflight (cert.issue.sign) finds the CA.
   */
  @Override
  public PreflightTable preflights() {
    return new PreflightTable()
        .add("cert.issue", IssueRequest.class, (request, asked, context) -> issuePreflight(request))
        .add(
            "cert.issue.sign",
            IssueRequest.class,
            (request, asked, context) -> {
              Path dir = paths.resolve(orDefault(request.certDir(), DEFAULT_CERT_DIR));
              ClusterCa.load(dir); // throws, in its words, when the CA is not usable here
              return Preflight.ready("sign with the cluster CA in " + nodePath(dir));
            });
  }

  private Preflight issuePreflight(IssueRequest request) throws Exception {
    Path dir = paths.resolve(orDefault(request.certDir(), DEFAULT_CERT_DIR));
    Path certFile = RkeCertificateNames.etcdCert(dir, request.address());
    Path keyFile = RkeCertificateNames.etcdKey(dir, request.address());
    SubjectNames names =
        SubjectNames.of(request.address(), request.names() == null ? List.of() : request.names());
    X509Certificate reusable =
        reusable(
            dir,
            certFile,
            keyFile,
            names,
            duration("renewBefore", request.renewBefore(), DEFAULT_RENEW_BEFORE));
    if (reusable == null) {
      return Preflight.ready(
          "make a key and CSR here for " + request.address() + ", install the signed certificate");
    }
    Issued issued =
        new Issued(
            nodePath(certFile),
            nodePath(keyFile),
            reusable.getSerialNumber().toString(16),
            reusable.getNotAfter().toInstant().toString(),
            true);
    return Preflight.ready(
        "reuse " + issued.certPath() + " (valid until " + issued.notAfter() + ")",
        PreflightTable.asMap(issued));
  }

  @Override
  public Prepared prepare(IssueRequest request, StepContext context) {
    Path dir = paths.resolve(orDefault(request.certDir(), DEFAULT_CERT_DIR));
    Path certFile = RkeCertificateNames.etcdCert(dir, request.address());
    Path keyFile = RkeCertificateNames.etcdKey(dir, request.address());
    SubjectNames names =
        SubjectNames.of(request.address(), request.names() == null ? List.of() : request.names());
    try {
      X509Certificate reusable =
          reusable(
              dir,
              certFile,
              keyFile,
              names,
              duration("renewBefore", request.renewBefore(), DEFAULT_RENEW_BEFORE));
      if (reusable != null) {
        return new Prepared(
            true,
            null,
            nodePath(certFile),
            nodePath(keyFile),
            reusable.getSerialNumber().toString(16),
            reusable.getNotAfter().toInstant().toString());
      }
      KeyAlgorithm algorithm =
          KeyAlgorithm.parse(orDefault(request.keyAlgorithm(), "rsa-2048"))
              .orElseThrow(
                  () -> ActivityFailures.badInput("keyAlgorithm must be rsa-2048 or ecdsa-p256"));
      Path pending = pendingKey(keyFile);
      Path pendingCsr = pending.resolveSibling(pending.getFileName() + ".csr");
      if (!Files.exists(pending) || !Files.exists(pendingCsr)) {
        MemberKey key = MemberKey.generate(algorithm, request.address(), names);
        PemFiles.writeKey(pending, key.keyPair());
        PemFiles.writePublic(pendingCsr, key.csrPem());
      }
      // A retry returns the CSR of the key the first attempt made, so sign and install agree.
      String csr = Files.readString(pendingCsr);
      return new Prepared(false, csr, nodePath(certFile), nodePath(keyFile), null, null);
    } catch (IOException | GeneralSecurityException e) {
      throw ActivityFailures.precondition("cannot prepare a key in " + dir + ": " + e.getMessage());
    }
  }

  @Override
  public Signed sign(SignRequest request, StepContext context) {
    Path dir = paths.resolve(orDefault(request.certDir(), DEFAULT_CERT_DIR));
    try {
      ClusterCa ca = ClusterCa.load(dir);
      X509Certificate cert =
          ca.sign(
              request.csr(),
              duration("validity", request.validity(), DEFAULT_VALIDITY),
              clock.instant());
      return new Signed(
          PemFiles.toPem(cert),
          cert.getSerialNumber().toString(16),
          cert.getNotAfter().toInstant().toString());
    } catch (IOException e) {
      throw ActivityFailures.precondition(
          "no usable cluster CA in "
              + dir
              + " on this node ("
              + e.getMessage()
              + "); run the step's signing on the node that holds kube-ca-key.pem (the inventory's caNode)");
    } catch (GeneralSecurityException e) {
      throw ActivityFailures.badInput("refusing to sign: " + e.getMessage());
    }
  }

  @Override
  public Issued install(InstallRequest request, StepContext context) {
    Path dir = paths.resolve(orDefault(request.certDir(), DEFAULT_CERT_DIR));
    Path certFile = RkeCertificateNames.etcdCert(dir, request.address());
    Path keyFile = RkeCertificateNames.etcdKey(dir, request.address());
    Path pending = pendingKey(keyFile);
    try {
      X509Certificate cert =
          PemFiles.parseCertificate(request.certificate(), "the signed certificate");
      String certPath = nodePath(certFile);
      String keyPath = nodePath(keyFile);
      if (!Files.exists(pending)) {
        if (Files.exists(certFile)
            && Files.exists(keyFile)
            && matches(cert, PemFiles.readPrivateKey(keyFile))
            && cert.equals(PemFiles.readCertificate(certFile))) {
          return issued(cert, certPath, keyPath, false); // a retry after success
        }
        throw ActivityFailures.precondition(
            "no pending key for " + request.address() + " in " + dir + "; run cert.issue again");
      }
      if (!matches(cert, PemFiles.readPrivateKey(pending))) {
        throw ActivityFailures.badInput(
            "the signed certificate is not for the key made on this node");
      }
      // Key first, then certificate: a crash in between leaves a key without its certificate,
      // which the next attempt's reuse check rejects and replaces.
      Files.move(
          pending, keyFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      PemFiles.writePublic(certFile, request.certificate());
      Files.deleteIfExists(pending.resolveSibling(pending.getFileName() + ".csr"));
      return issued(cert, certPath, keyPath, false);
    } catch (IOException e) {
      throw ActivityFailures.precondition(
          "cannot install the certificate in " + dir + ": " + e.getMessage());
    }
  }

  private X509Certificate reusable(
      Path dir, Path certFile, Path keyFile, SubjectNames names, Duration renewBefore)
      throws IOException {
    Path caFile = dir.resolve(RkeCertificateNames.CA_CERT);
    if (!Files.exists(certFile) || !Files.exists(keyFile) || !Files.exists(caFile)) {
      return null;
    }
    X509Certificate cert = PemFiles.readCertificate(certFile);
    X509Certificate ca = PemFiles.readCertificate(caFile);
    Instant now = clock.instant();
    boolean signedByCa;
    try {
      cert.verify(ca.getPublicKey());
      signedByCa = true;
    } catch (GeneralSecurityException e) {
      signedByCa = false;
    }
    Set<String> covered = SubjectNames.covered(cert);
    boolean valid =
        signedByCa
            && cert.getNotBefore().toInstant().isBefore(now)
            && cert.getNotAfter().toInstant().isAfter(now.plus(renewBefore))
            && covered.containsAll(names.values())
            && matches(cert, PemFiles.readPrivateKey(keyFile));
    return valid ? cert : null;
  }

  static boolean matches(X509Certificate cert, PrivateKey key) {
    try {
      KeyPair pair = new KeyPair(cert.getPublicKey(), key);
      return MemberKey.proves(pair);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static Issued issued(
      X509Certificate cert, String certPath, String keyPath, boolean reused) {
    return new Issued(
        certPath,
        keyPath,
        cert.getSerialNumber().toString(16),
        cert.getNotAfter().toInstant().toString(),
        reused);
  }

  /** The path as the node sees it (the agent may run under a lab root). */
  private String nodePath(Path file) {
    return "/" + paths.root().relativize(file);
  }

  private static Path pendingKey(Path keyFile) {
    return keyFile.resolveSibling("." + keyFile.getFileName() + ".pending");
  }
}
