package io.etcddr.people;

import io.etcddr.activities.cert.PemFiles;
import io.etcddr.engine.ApprovalDecision;
import io.etcddr.engine.ApprovalSignatures;
import io.etcddr.engine.VerifiedIdentity;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.PEMParser;

/**
 * The worker's Ed25519 key that signs the identities it verified, so that a run can tell an
 * approval the worker vouched for from a signal anyone with Temporal access could send. The private
 * key stays in its file (0600) beside the users file; runs load only the public key. Every worker
 * of a deployment reads the same files.
 */
public final class ApprovalKey {

  private final PrivateKey privateKey;
  private final PublicKey publicKey;

  private ApprovalKey(PrivateKey privateKey, PublicKey publicKey) {
    this.privateKey = privateKey;
    this.publicKey = publicKey;
  }

  /** The key in {@code dir}, made there the first time. */
  public static ApprovalKey in(Path dir) throws IOException {
    Path secret = dir.resolve("approval-key.pem");
    Path shared = dir.resolve("approval-key.pub.pem");
    try {
      if (!Files.exists(secret)) {
        KeyPair pair = KeyPairGenerator.getInstance(ApprovalSignatures.ALGORITHM).generateKeyPair();
        PemFiles.writePublic(shared, PemFiles.toPem(pair.getPublic()));
        PemFiles.writeKey(secret, pair);
      }
      KeyFactory keys = KeyFactory.getInstance(ApprovalSignatures.ALGORITHM);
      PrivateKey privateKey =
          keys.generatePrivate(
              new PKCS8EncodedKeySpec(
                  PrivateKeyInfo.getInstance(pem(secret, "a private key")).getEncoded()));
      PublicKey publicKey =
          keys.generatePublic(
              new X509EncodedKeySpec(
                  SubjectPublicKeyInfo.getInstance(pem(shared, "a public key")).getEncoded()));
      return new ApprovalKey(privateKey, publicKey);
    } catch (GeneralSecurityException e) {
      throw new IOException(
          "the approval key in " + dir + " cannot be used (" + e.getClass().getSimpleName() + ")");
    }
  }

  /** The public key as runs load it: X.509 SubjectPublicKeyInfo, base64. */
  public String publicKey() {
    return Base64.getEncoder().encodeToString(publicKey.getEncoded());
  }

  /** A person's decision on one run's step, carrying their identity signed with this key. */
  public ApprovalDecision decision(
      Person person, String workflowId, String step, boolean approved, String comment) {
    VerifiedIdentity identity =
        sign(
            new VerifiedIdentity(
                person.name(),
                person.roles(),
                person.method(),
                workflowId,
                step,
                approved,
                System.currentTimeMillis(),
                null));
    return new ApprovalDecision(step, approved, person.name(), comment, identity);
  }

  public VerifiedIdentity sign(VerifiedIdentity identity) {
    try {
      Signature signer = Signature.getInstance(ApprovalSignatures.ALGORITHM);
      signer.initSign(privateKey);
      signer.update(identity.signedText().getBytes(StandardCharsets.UTF_8));
      return identity.withSignature(Base64.getEncoder().encodeToString(signer.sign()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 signing is part of every Java 17", e);
    }
  }

  private static Object pem(Path file, String what) throws IOException {
    try (PEMParser parser =
        new PEMParser(new StringReader(Files.readString(file, StandardCharsets.UTF_8)))) {
      Object parsed = parser.readObject();
      if (parsed instanceof org.bouncycastle.openssl.PEMKeyPair pair) {
        return pair.getPrivateKeyInfo();
      }
      if (parsed == null) {
        throw new IOException(file + " holds no " + what);
      }
      return parsed;
    }
  }
}
