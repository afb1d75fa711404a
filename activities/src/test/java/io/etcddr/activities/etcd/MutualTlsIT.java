package io.etcddr.activities.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 3-member etcd cluster whose peer and client certificates all come from our cert code forms a
 * cluster (peers accept each other) and serves clients with our certificates; a certificate from
 * another CA is refused. Addresses 127.0.0.120–125.
 */
class MutualTlsIT {

  private static EtcdTestCluster cluster;
  @TempDir static Path elsewhere;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(
        EtcdTestCluster.etcdInstalled(),
        "SKIPPED LOUDLY: Debian's etcd-server is not installed; run bin/setup");
    cluster = EtcdTestCluster.startVoters("127.0.0.120", "127.0.0.121", "127.0.0.122");
  }

  @AfterAll
  static void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void clientWithACertificateFromTheClusterCaReadsAndWrites() throws Exception {
    EtcdTls tls = cluster.issue("127.0.0.125");
    try (Client client = EtcdClients.connect(cluster.clientUrls(), tls)) {
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
            "127.0.0.125",
            SubjectNames.of("127.0.0.125", List.of("127.0.0.1")));
    Path cert = elsewhere.resolve("foreign.pem");
    Path keyFile = elsewhere.resolve("foreign-key.pem");
    PemFiles.writePublic(
        cert, PemFiles.toPem(foreign.sign(key.csrPem(), Duration.ofDays(1), Instant.now())));
    PemFiles.writeKey(keyFile, key.keyPair());
    // Trust the real cluster CA, so only our side's certificate is wrong.
    EtcdTls tls = new EtcdTls(cluster.ssl().resolve("kube-ca.pem"), cert, keyFile);

    try (Client client = EtcdClients.connect(cluster.clientUrls(), tls)) {
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
