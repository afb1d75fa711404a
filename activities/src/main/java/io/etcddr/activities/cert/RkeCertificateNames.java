package io.etcddr.activities.cert;

import java.nio.file.Path;

/** RKE's file names under its certificate directory (default /etc/kubernetes/ssl). */
public final class RkeCertificateNames {

  public static final String CA_CERT = "kube-ca.pem";
  public static final String CA_KEY = "kube-ca-key.pem";

  private RkeCertificateNames() {}

  /** {@code kube-etcd-10-0-0-3.pem} for 10.0.0.3. */
  public static Path etcdCert(Path dir, String address) {
    return dir.resolve("kube-etcd-" + address.replace('.', '-').replace(':', '-') + ".pem");
  }

  public static Path etcdKey(Path dir, String address) {
    return dir.resolve("kube-etcd-" + address.replace('.', '-').replace(':', '-') + "-key.pem");
  }
}
