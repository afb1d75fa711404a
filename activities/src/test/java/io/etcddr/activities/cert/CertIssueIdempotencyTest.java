package io.etcddr.activities.cert;

import static org.assertj.core.api.Assertions.assertThat;

import io.etcddr.activities.host.AgentPaths;
import io.etcddr.contract.CertIssueParts;
import io.etcddr.contract.CertIssueParts.IssueRequest;
import io.etcddr.contract.CertIssueParts.Prepared;
import io.etcddr.contract.StepContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * prepare → sign → install on two simulated nodes (the target and the CA node, each with its own
 * root): RKE's names, a 0600 key, and every part safe to repeat.
 */
class CertIssueIdempotencyTest {

  private static final String SSL = "/etc/kubernetes/ssl";
  private static final StepContext CONTEXT =
      new StepContext("wf", "run", "cert", "node1", "wf/cert/node1");

  @TempDir Path target;
  @TempDir Path caNode;
  private CertActivitiesImpl onTarget;
  private CertActivitiesImpl onCa;
  private final Clock clock = Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);

  @BeforeEach
  void twoNodesShareOneCa() throws Exception {
    Path caDir = Files.createDirectories(caNode.resolve("etc/kubernetes/ssl"));
    ClusterCa.create(caDir, "kube-ca", Duration.ofDays(3650));
    Path targetDir = Files.createDirectories(target.resolve("etc/kubernetes/ssl"));
    Files.copy(caDir.resolve("kube-ca.pem"), targetDir.resolve("kube-ca.pem"));
    onTarget = new CertActivitiesImpl(new AgentPaths(target), clock);
    onCa = new CertActivitiesImpl(new AgentPaths(caNode), clock);
  }

  @Test
  void issuedCertificateUsesRkeNamesAndAnOwnerOnlyKey() throws Exception {
    CertIssueParts.Issued issued = issue(request(List.of("node1")));

    assertThat(issued.certPath()).isEqualTo("/etc/kubernetes/ssl/kube-etcd-127-0-0-115.pem");
    assertThat(issued.keyPath()).isEqualTo("/etc/kubernetes/ssl/kube-etcd-127-0-0-115-key.pem");
    Path key = target.resolve("etc/kubernetes/ssl/kube-etcd-127-0-0-115-key.pem");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
        .isEqualTo("rw-------");
    assertThat(Files.readString(key)).contains("PRIVATE KEY");
    assertThat(
            Files.list(target.resolve("etc/kubernetes/ssl")).map(p -> p.getFileName().toString()))
        .containsExactlyInAnyOrder(
            "kube-ca.pem", "kube-etcd-127-0-0-115.pem", "kube-etcd-127-0-0-115-key.pem");
  }

  @Test
  void validCertificateIsReusedNotReissued() {
    CertIssueParts.Issued first = issue(request(List.of("node1")));

    Prepared again = onTarget.prepare(request(List.of("node1")), CONTEXT);

    assertThat(again.reused()).isTrue();
    assertThat(again.serial()).isEqualTo(first.serial());
    assertThat(again.csr()).isNull();
  }

  @Test
  void certificateMissingARequestedNameIsReissued() {
    issue(request(List.of()));

    Prepared again = onTarget.prepare(request(List.of("node1")), CONTEXT);

    assertThat(again.reused()).isFalse();
    assertThat(again.csr()).contains("CERTIFICATE REQUEST");
  }

  @Test
  void retriedPrepareReturnsTheCsrOfTheFirstKey() {
    Prepared first = onTarget.prepare(request(List.of("node1")), CONTEXT);
    Prepared retried = onTarget.prepare(request(List.of("node1")), CONTEXT);

    assertThat(retried.csr()).isEqualTo(first.csr());
  }

  @Test
  void retriedInstallGivesTheSameResult() {
    Prepared prepared = onTarget.prepare(request(List.of("node1")), CONTEXT);
    CertIssueParts.Signed signed =
        onCa.sign(new CertIssueParts.SignRequest(prepared.csr(), null, SSL), CONTEXT);
    CertIssueParts.InstallRequest install =
        new CertIssueParts.InstallRequest("127.0.0.115", SSL, signed.certificate());

    CertIssueParts.Issued first = onTarget.install(install, CONTEXT);
    CertIssueParts.Issued second = onTarget.install(install, CONTEXT);

    assertThat(second).isEqualTo(first);
  }

  @Test
  void certificateCloseToExpiryIsRenewed() {
    issue(new IssueRequest("lab", "127.0.0.115", List.of(), null, "10d", "30d", SSL));

    Prepared again = onTarget.prepare(request(List.of()), CONTEXT);

    assertThat(again.reused()).isFalse();
  }

  private CertIssueParts.Issued issue(IssueRequest request) {
    Prepared prepared = onTarget.prepare(request, CONTEXT);
    CertIssueParts.Signed signed =
        onCa.sign(new CertIssueParts.SignRequest(prepared.csr(), request.validity(), SSL), CONTEXT);
    return onTarget.install(
        new CertIssueParts.InstallRequest(request.address(), SSL, signed.certificate()), CONTEXT);
  }

  private static IssueRequest request(List<String> names) {
    return new IssueRequest("lab", "127.0.0.115", names, null, null, null, SSL);
  }
}
