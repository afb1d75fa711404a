package io.etcddr.engine;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Checks a verified identity's signature against the worker's public approval key. Pure computation
 * over the run's own inputs, so workflow code may call it: replay gets the same answer.
 */
public final class ApprovalSignatures {

  public static final String ALGORITHM = "Ed25519";

  private ApprovalSignatures() {}

  /**
   * @param publicKey the worker's approval key, X.509 SubjectPublicKeyInfo in base64
   */
  public static boolean verifies(String publicKey, VerifiedIdentity identity) {
    if (publicKey == null || publicKey.isEmpty() || identity.signature() == null) {
      return false;
    }
    try {
      PublicKey key =
          KeyFactory.getInstance(ALGORITHM)
              .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(publicKey)));
      Signature verifier = Signature.getInstance(ALGORITHM);
      verifier.initVerify(key);
      verifier.update(identity.signedText().getBytes(StandardCharsets.UTF_8));
      return verifier.verify(Base64.getDecoder().decode(identity.signature()));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }
}
