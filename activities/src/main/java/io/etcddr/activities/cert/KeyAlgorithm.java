package io.etcddr.activities.cert;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Optional;

/** The key types a member certificate may have; RSA 2048 is what RKE itself makes. */
public enum KeyAlgorithm {
  RSA_2048("rsa-2048", "SHA256withRSA"),
  ECDSA_P256("ecdsa-p256", "SHA256withECDSA");

  private final String spelling;
  private final String signature;

  KeyAlgorithm(String spelling, String signature) {
    this.spelling = spelling;
    this.signature = signature;
  }

  public static Optional<KeyAlgorithm> parse(String text) {
    return Arrays.stream(values()).filter(a -> a.spelling.equals(text)).findFirst();
  }

  public String spelling() {
    return spelling;
  }

  String signatureAlgorithm() {
    return signature;
  }

  KeyPair generate() throws GeneralSecurityException {
    if (this == RSA_2048) {
      KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
      rsa.initialize(2048);
      return rsa.generateKeyPair();
    }
    KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
    ec.initialize(new ECGenParameterSpec("secp256r1"));
    return ec.generateKeyPair();
  }

  /** The algorithm a CA key signs with. */
  static String signatureFor(java.security.PrivateKey key) {
    return key.getAlgorithm().equals("EC") ? ECDSA_P256.signature : RSA_2048.signature;
  }
}
