package io.etcddr.activities.cert;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * PEM in and out. Keys are written atomically with mode 0600 from the start (never readable by
 * others, not even for a moment); messages name files, never their content.
 */
public final class PemFiles {

  /**
   * BouncyCastle as a provider object, not registered JVM-wide: it reads what the JDK cannot (EC by
   * OID).
   */
  static final java.security.Provider BC = new org.bouncycastle.jce.provider.BouncyCastleProvider();

  private PemFiles() {}

  public static String toPem(Object object) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(object);
    } catch (IOException e) {
      throw new IllegalStateException("writing PEM to memory cannot fail", e);
    }
    return out.toString();
  }

  public static X509Certificate readCertificate(Path file) throws IOException {
    return parseCertificate(Files.readString(file, StandardCharsets.UTF_8), file.toString());
  }

  public static X509Certificate parseCertificate(String pem, String what) throws IOException {
    Object parsed = parse(pem, what);
    if (!(parsed instanceof X509CertificateHolder holder)) {
      throw new IOException(what + " holds no certificate");
    }
    try {
      return new JcaX509CertificateConverter().getCertificate(holder);
    } catch (CertificateException e) {
      throw new IOException(what + " holds an unreadable certificate");
    }
  }

  /** Every certificate in a PEM file, in order: a chain, leaf first, or a bundle of CAs. */
  public static java.util.List<X509Certificate> readCertificates(Path file) throws IOException {
    java.util.List<X509Certificate> certificates = new java.util.ArrayList<>();
    try (PEMParser parser =
        new PEMParser(new StringReader(Files.readString(file, StandardCharsets.UTF_8)))) {
      JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
      for (Object parsed; (parsed = parser.readObject()) != null; ) {
        if (parsed instanceof X509CertificateHolder holder) {
          certificates.add(converter.getCertificate(holder));
        }
      }
    } catch (CertificateException e) {
      throw new IOException(file + " holds an unreadable certificate");
    }
    if (certificates.isEmpty()) {
      throw new IOException(file + " holds no certificate");
    }
    return certificates;
  }

  public static PKCS10CertificationRequest parseCsr(String pem) throws IOException {
    Object parsed = parse(pem, "the CSR");
    if (!(parsed instanceof PKCS10CertificationRequest csr)) {
      throw new IOException("the CSR is not a PKCS#10 request");
    }
    return csr;
  }

  /** A private key in PKCS#1 (RKE's `BEGIN RSA PRIVATE KEY`), SEC1 or PKCS#8 form. */
  public static PrivateKey readPrivateKey(Path file) throws IOException {
    return parsePrivateKey(Files.readString(file, StandardCharsets.UTF_8), file.toString());
  }

  /** {@link #readPrivateKey} of PEM text; {@code what} names it in errors, never its content. */
  public static PrivateKey parsePrivateKey(String pem, String what) throws IOException {
    Object parsed = parse(pem, what);
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter().setProvider(BC);
    if (parsed instanceof PEMKeyPair pair) {
      return converter.getKeyPair(pair).getPrivate();
    }
    if (parsed instanceof PrivateKeyInfo info) {
      return converter.getPrivateKey(info);
    }
    throw new IOException(what + " holds no private key");
  }

  public static void writeKey(Path file, KeyPair key) throws IOException {
    write(file, toPem(key.getPrivate()), "rw-------");
  }

  /** A private key's PEM text, readable by its owner only, written atomically. */
  public static void writePrivate(Path file, String pem) throws IOException {
    write(file, pem, "rw-------");
  }

  public static void writePublic(Path file, String pem) throws IOException {
    write(file, pem, "rw-r--r--");
  }

  private static void write(Path file, String content, String mode) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path temp =
        Files.createTempFile(
            dir,
            "." + file.getFileName(),
            ".tmp",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode)));
    try {
      Files.writeString(temp, content, StandardCharsets.UTF_8);
      try (var channel =
          java.nio.channels.FileChannel.open(temp, java.nio.file.StandardOpenOption.WRITE)) {
        channel.force(true);
      }
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static Object parse(String pem, String what) throws IOException {
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      Object parsed = parser.readObject();
      if (parsed == null) {
        throw new IOException(what + " holds no PEM object");
      }
      return parsed;
    }
  }
}
