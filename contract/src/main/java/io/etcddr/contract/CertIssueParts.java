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
      @Key("cluster name; endpoints and TLS come from the inventory") String cluster,
      @Key("the node's IP: CN, SAN and the file name") String address,
      @Key(value = "extra DNS names and IPs for the SAN", optional = true) List<String> names,
      @Key(value = "rsa-2048 (default) or ecdsa-p256", optional = true) String keyAlgorithm,
      @Key(
              value = "lifetime of a new certificate (default 8760h)",
              optional = true,
              as = Key.As.DURATION)
          String validity,
      @Key(
              value = "reissue when less than this is left (720h)",
              optional = true,
              as = Key.As.DURATION)
          String renewBefore,
      @Key(value = "certificate directory (/etc/kubernetes/ssl)", optional = true)
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
      @Key("the installed certificate") String certPath,
      @Key("where the key stays on the node") String keyPath,
      @Key("certificate serial number, hex") String serial,
      @Key("expiry, RFC 3339") String notAfter,
      @Key("true when a valid certificate was already there") boolean reused) {}
}
