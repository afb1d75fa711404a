package io.etcddr.lab;

import io.etcddr.activities.cert.CertActivitiesImpl;
import io.etcddr.activities.cert.ClusterCa;
import io.etcddr.activities.cert.RkeCertificateNames;
import io.etcddr.activities.host.AgentPaths;
import io.etcddr.contract.CertIssueParts.InstallRequest;
import io.etcddr.contract.CertIssueParts.IssueRequest;
import io.etcddr.contract.CertIssueParts.Prepared;
import io.etcddr.contract.CertIssueParts.SignRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The lab's kube CA and etcd certificates, made by cert.issue's own code path: the key on the node
 * that uses it, signing on the CA node, only certificates copied between nodes.
 */
final class LabPki {

  /** On loopback every peer connects from 127.0.0.1, and etcd checks a peer's source IP. */
  static final List<String> LOOPBACK_SAN = List.of("127.0.0.1");

  private final LabLayout layout;
  private final String caNode;

  LabPki(LabLayout layout, String caNode) {
    this.layout = layout;
    this.caNode = caNode;
  }

  /** The CA on its node (created once), and its certificate (never its key) on every other. */
  void ensureCa(List<LabNode> nodes) throws Exception {
    Path caDir = layout.paths(caNode).resolve(LabLayout.CERT_DIR);
    if (!Files.exists(caDir.resolve(RkeCertificateNames.CA_KEY))) {
      ClusterCa.create(caDir, "kube-ca", Duration.ofDays(3650));
    }
    Path caCert = caDir.resolve(RkeCertificateNames.CA_CERT);
    for (LabNode node : nodes) {
      Path dir = layout.paths(node.name()).resolve(LabLayout.CERT_DIR);
      Files.createDirectories(dir);
      if (!Files.exists(dir.resolve(RkeCertificateNames.CA_CERT))) {
        Files.copy(
            caCert, dir.resolve(RkeCertificateNames.CA_CERT), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    Files.createDirectories(layout.workerCert("ca").getParent());
    Files.copy(caCert, layout.workerCert("ca"), StandardCopyOption.REPLACE_EXISTING);
  }

  /** kube-etcd-&lt;ip&gt;.pem for a node, reused when valid (cert.issue's idempotency). */
  void issue(LabNode node) {
    issue(layout.paths(node.name()), node.address(), LabLayout.CERT_DIR);
  }

  /** The worker's client certificate, in the worker's own folder. */
  void issueWorker() {
    issue(new AgentPaths(layout.worker()), "127.0.0.1", "/ssl");
  }

  private void issue(AgentPaths target, String address, String certDir) {
    CertActivitiesImpl onTarget = new CertActivitiesImpl(target, Clock.systemUTC());
    CertActivitiesImpl onCa = new CertActivitiesImpl(layout.paths(caNode), Clock.systemUTC());
    Prepared prepared =
        onTarget.prepare(
            new IssueRequest(LabLayout.CLUSTER, address, LOOPBACK_SAN, null, null, null, certDir),
            null);
    if (prepared.reused()) {
      return;
    }
    var signed = onCa.sign(new SignRequest(prepared.csr(), null, LabLayout.CERT_DIR), null);
    onTarget.install(new InstallRequest(address, certDir, signed.certificate()), null);
  }
}
