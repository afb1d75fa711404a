package io.etcddr.activities.cert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CA signs member CSRs as RKE's etcd needs them, back-dated for clock skew. */
class ClusterCaSigningTest {

  @TempDir Path dir;

  @Test
  void memberCertificateHasTheCsrsNamesBothUsagesAndABackdatedStart() throws Exception {
    ClusterCa ca = ClusterCa.create(dir, "kube-ca", Duration.ofDays(3650));
    MemberKey key =
        MemberKey.generate(
            KeyAlgorithm.RSA_2048,
            "127.0.0.111",
            SubjectNames.of("127.0.0.111", List.of("master1")));
    Instant now = Instant.parse("2026-11-25T12:00:00Z");

    X509Certificate cert = ca.sign(key.csrPem(), Duration.ofDays(365), now);

    assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=127.0.0.111");
    assertThat(SubjectNames.covered(cert)).containsExactly("127.0.0.111", "master1");
    assertThat(cert.getExtendedKeyUsage())
        .containsExactly("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
    assertThat(cert.getNotBefore().toInstant()).isEqualTo(now.minus(ClusterCa.BACKDATE));
    assertThat(cert.getNotAfter().toInstant()).isEqualTo(now.plus(Duration.ofDays(365)));
    assertThat(ca.issued(cert)).isTrue();
    assertThat(cert.getBasicConstraints()).isEqualTo(-1);
  }

  @Test
  void ecdsaKeysAreSignedToo() throws Exception {
    ClusterCa ca = ClusterCa.create(dir, "kube-ca", Duration.ofDays(10));
    MemberKey key =
        MemberKey.generate(
            KeyAlgorithm.ECDSA_P256, "127.0.0.112", SubjectNames.of("127.0.0.112", List.of()));

    X509Certificate cert = ca.sign(key.csrPem(), Duration.ofDays(1), Instant.now());

    assertThat(cert.getPublicKey().getAlgorithm()).isEqualTo("EC");
    assertThat(ca.issued(cert)).isTrue();
  }

  @Test
  void anotherCasCertificateIsNotOneOfOurs() throws Exception {
    ClusterCa ours =
        ClusterCa.create(
            Files.createDirectories(dir.resolve("ours")), "kube-ca", Duration.ofDays(10));
    ClusterCa theirs =
        ClusterCa.create(
            Files.createDirectories(dir.resolve("theirs")), "kube-ca", Duration.ofDays(10));
    MemberKey key =
        MemberKey.generate(
            KeyAlgorithm.RSA_2048, "127.0.0.113", SubjectNames.of("127.0.0.113", List.of()));

    X509Certificate foreign = theirs.sign(key.csrPem(), Duration.ofDays(1), Instant.now());

    assertThat(ours.issued(foreign)).isFalse();
  }

  @Test
  void tamperedCsrIsRefused() throws Exception {
    ClusterCa ca = ClusterCa.create(dir, "kube-ca", Duration.ofDays(10));
    String csr =
        MemberKey.generate(
                KeyAlgorithm.RSA_2048, "127.0.0.114", SubjectNames.of("127.0.0.114", List.of()))
            .csrPem();
    String[] lines = csr.split("\n");
    char[] middle = lines[5].toCharArray();
    middle[10] = middle[10] == 'A' ? 'B' : 'A';
    lines[5] = new String(middle);

    assertThatThrownBy(() -> ca.sign(String.join("\n", lines), Duration.ofDays(1), Instant.now()))
        .isInstanceOfAny(
            GeneralSecurityException.class,
            java.io.IOException.class,
            IllegalArgumentException.class);
  }

  @Test
  void caKeyIsWrittenOwnerOnly() throws Exception {
    ClusterCa.create(dir, "kube-ca", Duration.ofDays(10));

    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("kube-ca-key.pem"))))
        .isEqualTo("rw-------");
  }
}
