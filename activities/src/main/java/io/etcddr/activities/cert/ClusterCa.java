package io.etcddr.activities.cert;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentVerifierProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

/**
 * The cluster's CA, on the node that holds its key: signs member CSRs for etcd (serverAuth and
 * clientAuth, the SANs the CSR asks for) with NotBefore back-dated so that a node whose clock runs
 * behind still accepts the certificate ("x509: certificate has expired or is not yet valid").
 */
public final class ClusterCa {

  /** Clock skew the back-dated NotBefore absorbs. */
  public static final Duration BACKDATE = Duration.ofHours(1);

  private final X509Certificate certificate;
  private final PrivateKey key;

  private ClusterCa(X509Certificate certificate, PrivateKey key) {
    this.certificate = certificate;
    this.key = key;
  }

  /** RKE's kube-ca.pem and kube-ca-key.pem in {@code dir}. */
  public static ClusterCa load(Path dir) throws IOException {
    return new ClusterCa(
        PemFiles.readCertificate(dir.resolve(RkeCertificateNames.CA_CERT)),
        PemFiles.readPrivateKey(dir.resolve(RkeCertificateNames.CA_KEY)));
  }

  /** A new self-signed CA written as kube-ca.pem / kube-ca-key.pem (for labs and tests). */
  public static ClusterCa create(Path dir, String commonName, Duration validity)
      throws IOException, GeneralSecurityException {
    KeyPair pair = KeyAlgorithm.RSA_2048.generate();
    X500Name name = new X500Name("CN=" + commonName);
    Instant now = Instant.now();
    try {
      JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
                  name,
                  serial(),
                  Date.from(now.minus(BACKDATE)),
                  Date.from(now.plus(validity)),
                  name,
                  pair.getPublic())
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
              .addExtension(
                  Extension.keyUsage,
                  true,
                  new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature))
              .addExtension(
                  Extension.subjectKeyIdentifier,
                  false,
                  utils.createSubjectKeyIdentifier(pair.getPublic()));
      X509Certificate cert =
          new JcaX509CertificateConverter()
              .getCertificate(
                  builder.build(
                      new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
      PemFiles.writeKey(dir.resolve(RkeCertificateNames.CA_KEY), pair);
      PemFiles.writePublic(dir.resolve(RkeCertificateNames.CA_CERT), PemFiles.toPem(cert));
      return new ClusterCa(cert, pair.getPrivate());
    } catch (org.bouncycastle.operator.OperatorCreationException e) {
      throw new GeneralSecurityException("cannot create the CA: " + e.getMessage(), e);
    }
  }

  public X509Certificate certificate() {
    return certificate;
  }

  /**
   * Signs a member CSR after checking its own signature; the certificate gets the CSR's subject and
   * SANs, serverAuth + clientAuth, and is valid from {@code now - BACKDATE}.
   */
  public X509Certificate sign(String csrPem, Duration validity, Instant now)
      throws IOException, GeneralSecurityException {
    PKCS10CertificationRequest csr = PemFiles.parseCsr(csrPem);
    try {
      ContentVerifierProvider verifier =
          new JcaContentVerifierProviderBuilder()
              .setProvider(PemFiles.BC)
              .build(csr.getSubjectPublicKeyInfo());
      if (!csr.isSignatureValid(verifier)) {
        throw new GeneralSecurityException("the CSR's signature does not verify");
      }
      JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
      var publicKey =
          new JcaPKCS10CertificationRequest(csr).setProvider(PemFiles.BC).getPublicKey();
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
                  X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()),
                  serial(),
                  Date.from(now.minus(BACKDATE)),
                  Date.from(now.plus(validity)),
                  csr.getSubject(),
                  publicKey)
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
              .addExtension(
                  Extension.keyUsage,
                  true,
                  new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
              .addExtension(
                  Extension.extendedKeyUsage,
                  false,
                  new ExtendedKeyUsage(
                      new KeyPurposeId[] {
                        KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth
                      }))
              .addExtension(
                  Extension.authorityKeyIdentifier,
                  false,
                  utils.createAuthorityKeyIdentifier(certificate))
              .addExtension(
                  Extension.subjectKeyIdentifier,
                  false,
                  utils.createSubjectKeyIdentifier(publicKey));
      GeneralNames sans = requestedNames(csr);
      if (sans != null) {
        builder.addExtension(Extension.subjectAlternativeName, false, sans);
      }
      return new JcaX509CertificateConverter()
          .getCertificate(
              builder.build(
                  new JcaContentSignerBuilder(KeyAlgorithm.signatureFor(key)).build(key)));
    } catch (org.bouncycastle.operator.OperatorCreationException
        | org.bouncycastle.pkcs.PKCSException e) {
      throw new GeneralSecurityException("cannot sign the CSR: " + e.getMessage(), e);
    }
  }

  /** Whether this CA signed {@code cert}. */
  public boolean issued(X509Certificate cert) {
    try {
      cert.verify(certificate.getPublicKey());
      return cert.getIssuerX500Principal().equals(certificate.getSubjectX500Principal());
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static GeneralNames requestedNames(PKCS10CertificationRequest csr) {
    for (Attribute attribute :
        csr.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)) {
      Extensions extensions = Extensions.getInstance(attribute.getAttrValues().getObjectAt(0));
      GeneralNames names =
          GeneralNames.fromExtensions(extensions, Extension.subjectAlternativeName);
      if (names != null) {
        return names;
      }
    }
    return null;
  }

  private static BigInteger serial() {
    return new BigInteger(127, new SecureRandom());
  }

  @Override
  public String toString() {
    return "ClusterCa[" + certificate.getSubjectX500Principal() + "]"; // never the key
  }
}
