package io.etcddr.activities.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcddr.activities.cert.ClusterCa;
import io.etcddr.activities.cert.KeyAlgorithm;
import io.etcddr.activities.cert.MemberKey;
import io.etcddr.activities.cert.PemFiles;
import io.etcddr.activities.cert.SubjectNames;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;

/**
 * A 3-member etcd cluster whose peer and client certificates all come from our cert code forms a
 * cluster (peers accept each other) and serves clients with our certificates; a certificate from
 * another CA is refused.
 */
@OnEachEtcdVersion
class MutualTlsIT {

  private static EtcdClusterExtension ETCD;

  /** The version this invocation runs on (its cluster is started for it below). */
  @Parameter EtcdVersion version;

  @BeforeParameterizedClassInvocation
  static void start(EtcdVersion version) throws Exception {
    ETCD = EtcdClusterExtension.builder().voters(3).version(version).build().start();
  }

  @AfterParameterizedClassInvocation
  static void stop() throws Exception {
    ETCD.close();
  }

  @TempDir static Path elsewhere;

  @Test
  void clientWithACertificateFromTheClusterCaReadsAndWrites() throws Exception {
    EtcdTls tls = ETCD.clientTls();
    try (Client client = EtcdClients.connect(ETCD.cluster().clientUrls(), tls)) {
      ByteSequence key = bytes("/registry/test/mtls");
      client.getKVClient().put(key, bytes("ok")).get(10, TimeUnit.SECONDS);

      var got = client.getKVClient().get(key).get(10, TimeUnit.SECONDS);

      assertThat(got.getKvs())
          .singleElement()
          .satisfies(
              kv -> assertThat(kv.getValue().toString(StandardCharsets.UTF_8)).isEqualTo("ok"));
      var members = client.getClusterClient().listMember().get(10, TimeUnit.SECONDS).getMembers();
      assertThat(members).hasSize(3);
    }
  }

  @Test
  void certificateFromAnotherCaIsRefused() throws Exception {
    ClusterCa foreign = ClusterCa.create(elsewhere, "kube-ca", Duration.ofDays(1));
    MemberKey key =
        MemberKey.generate(
            KeyAlgorithm.RSA_2048,
            ETCD.spare(0),
            SubjectNames.of(ETCD.spare(0), List.of("127.0.0.1")));
    Path cert = elsewhere.resolve("foreign.pem");
    Path keyFile = elsewhere.resolve("foreign-key.pem");
    PemFiles.writePublic(
        cert, PemFiles.toPem(foreign.sign(key.csrPem(), Duration.ofDays(1), Instant.now())));
    PemFiles.writeKey(keyFile, key.keyPair());
    // Trust the real cluster CA, so only our side's certificate is wrong.
    EtcdTls tls = new EtcdTls(ETCD.cluster().ssl().resolve("kube-ca.pem"), cert, keyFile);

    try (Client client = EtcdClients.connect(ETCD.cluster().clientUrls(), tls)) {
      assertThatThrownBy(
              () -> client.getKVClient().get(bytes("/registry")).get(10, TimeUnit.SECONDS))
          .hasStackTraceContaining("UNAVAILABLE");
    }
    assertThat(Files.exists(keyFile)).isTrue();
  }

  private static ByteSequence bytes(String text) {
    return ByteSequence.from(text, StandardCharsets.UTF_8);
  }
}
