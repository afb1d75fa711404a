package io.etcddr.api;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import io.etcddr.activities.cert.PemFiles;
import io.etcddr.activities.cert.TlsContexts;
import io.etcddr.config.BadSetting;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;

/**
 * HTTPS for the API from PEM files, as operators have them: the server's certificate chain and key
 * (PKCS#1, SEC1 or PKCS#8) and, to require client certificates, the CA bundle that signs them. Only
 * TLS 1.2 and 1.3. A file that cannot be used is a one-line setting error naming the flag and the
 * file, never its content.
 */
public final class ApiTls {

  private final SSLContext context;
  private final boolean clientCertificates;

  private ApiTls(SSLContext context, boolean clientCertificates) {
    this.context = context;
    this.clientCertificates = clientCertificates;
  }

  /**
   * @param clientCa null: any client may connect (the bearer token still gates every route)
   */
  public static ApiTls load(Path certificate, Path key, Path clientCa) {
    if (certificate == null || key == null) {
      throw new BadSetting(
          "HTTPS needs both --http-tls-cert and --http-tls-key (PEM files); give both or neither");
    }
    List<X509Certificate> chain = read("--http-tls-cert", certificate);
    PrivateKey privateKey;
    try {
      privateKey = PemFiles.readPrivateKey(key);
    } catch (IOException e) {
      throw new BadSetting("--http-tls-key " + key + ": not a readable PEM private key");
    }
    if (!belongTogether(privateKey, chain.get(0))) {
      throw new BadSetting(
          "--http-tls-key "
              + key
              + " does not go with --http-tls-cert "
              + certificate
              + ": give the key the certificate was issued for");
    }
    try {
      TrustManager[] clients =
          clientCa == null ? null : TlsContexts.trusting(read("--http-tls-client-ca", clientCa));
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(TlsContexts.identity(chain, privateKey), clients, null);
      return new ApiTls(context, clientCa != null);
    } catch (GeneralSecurityException | IOException e) {
      throw new BadSetting(
          "--http-tls-cert " + certificate + " cannot be served: " + e.getClass().getSimpleName());
    }
  }

  /** Whether the key signs what the certificate's public key verifies (any key type). */
  private static boolean belongTogether(PrivateKey key, X509Certificate certificate) {
    String algorithm =
        "EC".equals(key.getAlgorithm()) ? "SHA256withECDSA" : "SHA256with" + key.getAlgorithm();
    byte[] probe = "etcd-dr api tls".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    try {
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(certificate.getPublicKey());
      verifier.update(probe);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static List<X509Certificate> read(String flag, Path file) {
    try {
      return PemFiles.readCertificates(file);
    } catch (IOException e) {
      throw new BadSetting(flag + " " + file + ": " + e.getMessage());
    }
  }

  boolean requiresClientCertificates() {
    return clientCertificates;
  }

  HttpsConfigurator configurator() {
    return new HttpsConfigurator(context) {
      @Override
      public void configure(HttpsParameters params) {
        SSLParameters parameters = context.getDefaultSSLParameters();
        parameters.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
        parameters.setNeedClientAuth(clientCertificates);
        params.setSSLParameters(parameters);
      }
    };
  }
}
