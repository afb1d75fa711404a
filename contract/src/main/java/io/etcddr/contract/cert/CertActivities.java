package io.etcddr.contract.cert;

import io.etcddr.contract.CertIssueParts.InstallRequest;
import io.etcddr.contract.CertIssueParts.IssueRequest;
import io.etcddr.contract.CertIssueParts.Issued;
import io.etcddr.contract.CertIssueParts.Prepared;
import io.etcddr.contract.CertIssueParts.SignRequest;
import io.etcddr.contract.CertIssueParts.Signed;
import io.etcddr.contract.StepContext;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * The three parts of the catalog's composite `cert.issue`, each on its own node: the key and CSR
 * are made on the target (the key never leaves it), the CSR is signed on the node holding the CA
 * key (which never leaves it), and only the certificate travels back to be installed. Their
 * messages ({@link io.etcddr.contract.CertIssueParts}) hold certificates and CSRs only.
 */
@ActivityInterface
public interface CertActivities {

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
