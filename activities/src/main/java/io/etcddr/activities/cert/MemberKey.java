package io.etcddr.activities.cert;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * A member's key pair and its certificate signing request, made on the node that will use the key.
 * Only the CSR leaves this object's node.
 */
public final class MemberKey {

  private final KeyPair keyPair;
  private final PKCS10CertificationRequest csr;

  private MemberKey(KeyPair keyPair, PKCS10CertificationRequest csr) {
    this.keyPair = keyPair;
    this.csr = csr;
  }

  /** CN = the node's address (as RKE does), SANs = its addresses and names. */
  public static MemberKey generate(KeyAlgorithm algorithm, String commonName, SubjectNames names)
      throws GeneralSecurityException {
    KeyPair pair = algorithm.generate();
    try {
      ExtensionsGenerator extensions = new ExtensionsGenerator();
      extensions.addExtension(Extension.subjectAlternativeName, false, names.toGeneralNames());
      PKCS10CertificationRequest request =
          new JcaPKCS10CertificationRequestBuilder(
                  new X500Name("CN=" + commonName), pair.getPublic())
              .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate())
              .build(
                  new JcaContentSignerBuilder(algorithm.signatureAlgorithm())
                      .build(pair.getPrivate()));
      return new MemberKey(pair, request);
    } catch (IOException | OperatorCreationException e) {
      throw new GeneralSecurityException("cannot build the CSR: " + e.getMessage(), e);
    }
  }

  /** Whether the private key belongs to the public key: sign a challenge and verify it. */
  static boolean proves(KeyPair pair) throws GeneralSecurityException {
    String algorithm =
        pair.getPrivate().getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
    byte[] challenge = "etcd-dr key check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    java.security.Signature signer = java.security.Signature.getInstance(algorithm);
    signer.initSign(pair.getPrivate());
    signer.update(challenge);
    byte[] signature = signer.sign();
    java.security.Signature verifier = java.security.Signature.getInstance(algorithm);
    verifier.initVerify(pair.getPublic());
    verifier.update(challenge);
    return verifier.verify(signature);
  }

  public KeyPair keyPair() {
    return keyPair;
  }

  public String csrPem() {
    return PemFiles.toPem(csr);
  }

  @Override
  public String toString() {
    return "MemberKey[" + keyPair.getPublic().getAlgorithm() + "]"; // never the key itself
  }
}
