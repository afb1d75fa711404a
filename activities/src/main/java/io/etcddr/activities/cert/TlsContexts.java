package io.etcddr.activities.cert;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/** JSSE key and trust managers from PEM files, as RKE and operators keep them. In memory only. */
public final class TlsContexts {

  private TlsContexts() {}

  /** Presents this chain (leaf first) with its key. */
  public static KeyManager[] identity(List<X509Certificate> chain, PrivateKey key)
      throws GeneralSecurityException, IOException {
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    char[] none = new char[0];
    keys.setKeyEntry("identity", key, none, chain.toArray(new Certificate[0]));
    KeyManagerFactory factory =
        KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    factory.init(keys, none);
    return factory.getKeyManagers();
  }

  /** Trusts these CAs and no others. */
  public static TrustManager[] trusting(List<X509Certificate> cas)
      throws GeneralSecurityException, IOException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    int i = 0;
    for (X509Certificate ca : cas) {
      store.setCertificateEntry("ca-" + i++, ca);
    }
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    return factory.getTrustManagers();
  }

  /** A client that trusts the CA file and, when a certificate is given, presents it. */
  public static SSLContext client(Path caCert, Path cert, Path key)
      throws GeneralSecurityException, IOException {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(
        cert == null
            ? null
            : identity(PemFiles.readCertificates(cert), PemFiles.readPrivateKey(key)),
        trusting(PemFiles.readCertificates(caCert)),
        null);
    return context;
  }
}
