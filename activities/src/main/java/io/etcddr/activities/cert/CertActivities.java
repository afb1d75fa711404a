package io.etcddr.activities.cert;

import io.etcddr.engine.StepContext;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/**
 * The three parts of the catalog's composite `cert.issue`, each on its own node: the key and CSR
 * are made on the target (the key never leaves it), the CSR is signed on the node holding the CA
 * key (which never leaves it), and only the certificate travels back to be installed. Inputs and
 * outputs hold certificates and CSRs only, never key material.
 */
@ActivityInterface
public interface CertActivities {

  record IssueRequest(
      String cluster,
      String address,
      List<String> names,
      String keyAlgorithm,
      String validity,
      String renewBefore,
      String certDir) {}

  /** Either a valid existing certificate ({@code reused}) or a CSR for a pending key. */
  record Prepared(
      boolean reused,
      String csr,
      String certPath,
      String keyPath,
      String serial,
      String notAfter) {}

  record SignRequest(String csr, String validity, String certDir) {}

  record Signed(String certificate, String serial, String notAfter) {}

  record InstallRequest(String address, String certDir, String certificate) {}

  record Issued(String certPath, String keyPath, String serial, String notAfter, boolean reused) {}

  /**
   * On the target node: reuses a certificate that is signed by this cluster's CA, covers the SANs
   * and has more than {@code renewBefore} left; otherwise makes (or, on a retry, finds) a pending
   * key and returns its CSR. Idempotent per step.
   */
  @ActivityMethod(name = "cert.issue.prepare")
  Prepared prepare(IssueRequest request, StepContext context);

  /** On the CA node: verifies and signs the CSR. Signing twice gives two valid certificates. */
  @ActivityMethod(name = "cert.issue.sign")
  Signed sign(SignRequest request, StepContext context);

  /**
   * On the target node: checks the certificate belongs to the pending key, then puts key (0600) and
   * certificate in place under RKE's names. A retry after success returns the same result.
   */
  @ActivityMethod(name = "cert.issue.install")
  Issued install(InstallRequest request, StepContext context);
}
