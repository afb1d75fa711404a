package io.etcddr.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.etcddr.activities.cert.RkeCertificateNames;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the failover leaves in RKE's cluster.yml. */
final class ClusterYmlAfterFailover {

  private ClusterYmlAfterFailover() {}

  /**
   * cluster.yml on the deploy node names the restored etcd on node1 as external etcd, keeps only
   * the surviving site's nodes, holds the deploy node's own client certificate and key (made there,
   * never the learner's), and the file as it was is kept beside it.
   */
  static void saysExternalEtcdOn(LabFixture fixture, String node1) throws Exception {
    Path rkeDir = fixture.lab.layout().root(fixture.lab.deployNode()).resolve("etc/rke");
    JsonNode yml =
        new ObjectMapper(new YAMLFactory()).readTree(rkeDir.resolve("cluster.yml").toFile());
    assertThat(yml.path("services").path("etcd").path("external_urls").toString())
        .isEqualTo("[\"https://" + node1 + ":2379\"]");
    assertThat(yml.path("services").path("etcd").path("path").asText()).isEqualTo("/registry");
    assertThat(yml.path("nodes").findValuesAsText("hostname_override"))
        .containsExactly("node1", "node2");
    assertThat(yml.path("nodes").toString()).doesNotContain("\"etcd\"");
    // The client certificate is the deploy node's own, its key made there: never the learner's.
    Path deploySsl = fixture.lab.layout().root("node2").resolve("etc/kubernetes/ssl");
    String deployAddress = fixture.lab.node("node2").address();
    assertThat(yml.path("services").path("etcd").path("cert").asText().strip())
        .isEqualTo(
            Files.readString(RkeCertificateNames.etcdCert(deploySsl, deployAddress)).strip());
    assertThat(RkeCertificateNames.etcdKey(deploySsl, deployAddress)).isRegularFile();
    assertThat(yml.path("services").path("etcd").path("key").asText().strip())
        .isEqualTo(Files.readString(RkeCertificateNames.etcdKey(deploySsl, deployAddress)).strip());
    try (var files = Files.list(rkeDir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .anyMatch(n -> n.startsWith("cluster.yml.etcd-dr-backup-"));
    }
  }
}
