package io.etcddr.engine;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Base64;
import java.util.List;

/**
 * The worker's approval key in tests: signs identities as the HTTP API does after a token check.
 */
final class TestApprovers {

  private final KeyPair key;

  TestApprovers() {
    try {
      key = KeyPairGenerator.getInstance(ApprovalSignatures.ALGORITHM).generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  String publicKey() {
    return Base64.getEncoder().encodeToString(key.getPublic().getEncoded());
  }

  ApprovalDecision decision(
      String workflowId, String step, boolean approve, String name, String... roles) {
    VerifiedIdentity identity =
        new VerifiedIdentity(
            name, List.of(roles), "token", workflowId, step, approve, 1_700_000_000_000L, null);
    return new ApprovalDecision(step, approve, name, null, sign(identity));
  }

  VerifiedIdentity sign(VerifiedIdentity identity) {
    try {
      Signature signer = Signature.getInstance(ApprovalSignatures.ALGORITHM);
      signer.initSign(key.getPrivate());
      signer.update(identity.signedText().getBytes(StandardCharsets.UTF_8));
      return identity.withSignature(Base64.getEncoder().encodeToString(signer.sign()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
