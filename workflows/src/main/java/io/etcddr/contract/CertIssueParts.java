package io.etcddr.contract;

import java.util.List;

/**
 * The messages between the interpreter's composite `cert.issue` and its three activities
 * (`cert.issue.prepare` on the target, `.sign` on the CA node, `.install` on the target), shared by
 * both sides so that a renamed field fails to compile instead of arriving as null. They hold CSRs
 * and certificates only, never key material.
 */
public final class CertIssueParts {

  private CertIssueParts() {}

  /** The step's `with:` as the catalog declares it. */
  public record IssueRequest(
      String cluster,
      String address,
      List<String> names,
      String keyAlgorithm,
      String validity,
      String renewBefore,
      String certDir) {}

  /** Either a valid existing certificate ({@code reused}) or a CSR for a pending key. */
  public record Prepared(
      boolean reused,
      String csr,
      String certPath,
      String keyPath,
      String serial,
      String notAfter) {}

  public record SignRequest(String csr, String validity, String certDir) {}

  public record Signed(String certificate, String serial, String notAfter) {}

  public record InstallRequest(String address, String certDir, String certificate) {}

  /** The step's outputs as the catalog declares them. */
  public record Issued(
      String certPath, String keyPath, String serial, String notAfter, boolean reused) {}
}
