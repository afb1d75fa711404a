package io.etcddr.activities.rke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.etcddr.activities.host.AgentPaths;
import io.etcddr.activities.inventory.ClusterInventory;
import io.etcddr.contract.StepContext;
import io.etcddr.contract.rke.RkeActivities.ExternalEtcd;
import io.etcddr.contract.rke.RkeActivities.ExternalEtcdRequest;
import io.etcddr.contract.rke.RkeActivities.UpRequest;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * rke.externalEtcd on a copy of the original cluster's cluster.yml, and rke.up turning RKE's fatal
 * errors into clear failures (`rke` is a script printing RKE's own lines: RKE cannot run here).
 */
class RkeActivitiesTest {

  private static final String CLUSTER_YML =
      """
      # the original cluster
      cluster_name: prod-a
      nodes:
      - address: 10.0.0.1
        hostname_override: master1
        role: [controlplane, etcd, worker]
      - address: 10.0.0.3
        hostname_override: master3
        role: [controlplane, etcd, worker]
      - address: 10.0.0.4
        hostname_override: node1
        role: [worker]
      services:
        etcd:
          snapshot: true
        kubelet:
          extra_args: {max-pods: "250"}
      network: {plugin: canal}
      """;
  private static final String KEY_PEM =
      "-----BEGIN PRIVATE KEY-----\nS3CR3TKEYBYTES\n-----END PRIVATE KEY-----\n";
  private static final StepContext STEP = new StepContext("wf", "run", "external-etcd", "m3", "k1");

  @TempDir Path root;
  private RkeActivitiesImpl rke;
  private Path config;

  @BeforeEach
  void deployNode() throws Exception {
    Path clusters = Files.createDirectories(root.resolve("clusters"));
    Files.writeString(
        clusters.resolve("prod-a.yaml"),
        """
        apiVersion: etcd-dr/v1
        kind: Cluster
        metadata: {name: prod-a}
        spec:
          rkeConfig: /etc/rke/cluster.yml
          deployNode: master3
          caNode: master3
          etcd: {endpoints: ["https://10.0.0.3:2379"]}
          nodes: [{name: master3, address: 10.0.0.3, site: B}]
        """);
    Path node = root.resolve("node");
    config = Files.createDirectories(node.resolve("etc/rke")).resolve("cluster.yml");
    Files.writeString(config, CLUSTER_YML);
    Path ssl = Files.createDirectories(node.resolve("etc/kubernetes/ssl"));
    Files.writeString(
        ssl.resolve("kube-ca.pem"), "-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n");
    Files.writeString(
        ssl.resolve("kube-etcd-10-0-0-3.pem"),
        "-----BEGIN CERTIFICATE-----\nME\n-----END CERTIFICATE-----\n");
    Files.writeString(ssl.resolve("kube-etcd-10-0-0-3-key.pem"), KEY_PEM);
    rke =
        new RkeActivitiesImpl(
            new AgentPaths(node, AgentPaths.DEFAULT_ALLOWED),
            new ClusterInventory(clusters),
            script(
                "pwd > ran-in; echo 'INFO[0000] Finished building Kubernetes cluster successfully'"));
  }

  private ExternalEtcdRequest request() {
    return new ExternalEtcdRequest(
        "prod-a",
        List.of("https://10.0.0.3:2379"),
        List.of("master1", "10.0.0.4"),
        null,
        "/etc/kubernetes/ssl/kube-etcd-10-0-0-3.pem",
        "/etc/kubernetes/ssl/kube-etcd-10-0-0-3-key.pem",
        null);
  }

  @Test
  void externalEtcdRewritesOnlyWhatItNamesAndKeepsTheOriginal() throws Exception {
    ExternalEtcd first = rke.externalEtcd(request(), STEP);

    JsonNode yml = new ObjectMapper(new YAMLFactory()).readTree(config.toFile());
    assertThat(yml.path("nodes")).hasSize(1);
    assertThat(yml.path("nodes").get(0).path("hostname_override").asText()).isEqualTo("master3");
    assertThat(yml.path("nodes").get(0).path("role").toString())
        .isEqualTo("[\"controlplane\",\"worker\"]");
    JsonNode etcd = yml.path("services").path("etcd");
    assertThat(etcd.path("external_urls").toString()).isEqualTo("[\"https://10.0.0.3:2379\"]");
    assertThat(etcd.path("path").asText()).isEqualTo("/registry");
    assertThat(etcd.path("key").asText()).isEqualTo(KEY_PEM);
    assertThat(etcd.path("ca_cert").asText()).startsWith("-----BEGIN CERTIFICATE-----");
    assertThat(etcd.path("snapshot").asBoolean()).isTrue();
    assertThat(yml.path("services").path("kubelet").path("extra_args").path("max-pods").asText())
        .isEqualTo("250");
    assertThat(yml.path("network").path("plugin").asText()).isEqualTo("canal");

    assertThat(first.changed()).isTrue();
    assertThat(first.config()).isEqualTo("/etc/rke/cluster.yml");
    assertThat(Files.readString(root.resolve("node").resolve(first.backup().substring(1))))
        .isEqualTo(CLUSTER_YML);
    assertThat(first.toString()).doesNotContain("S3CR3T").doesNotContain("PRIVATE");

    // A retry of the step changes nothing and finds its backup.
    ExternalEtcd again = rke.externalEtcd(request(), STEP);
    assertThat(again).isEqualTo(new ExternalEtcd(first.config(), first.backup(), false));
  }

  @Test
  void aMissingKeyFileIsNamedWithoutAnyContent() {
    ExternalEtcdRequest wrong =
        new ExternalEtcdRequest(
            "prod-a",
            List.of("https://10.0.0.3:2379"),
            null,
            null,
            "/etc/kubernetes/ssl/kube-etcd-10-0-0-3.pem",
            "/etc/kubernetes/ssl/nope-key.pem",
            null);
    assertThatThrownBy(() -> rke.externalEtcd(wrong, STEP))
        .isInstanceOf(ApplicationFailure.class)
        .satisfies(
            f ->
                assertThat(((ApplicationFailure) f).getOriginalMessage())
                    .isEqualTo(
                        "/etc/kubernetes/ssl/nope-key.pem does not exist on the deploy node"));
  }

  @Test
  void rkeUpSucceedsAndRunsInTheConfigsFolder() throws Exception {
    assertThat(rke.up(new UpRequest("prod-a", null), STEP).exitCode()).isZero();
    // rke keeps cluster.rkestate beside cluster.yml: it must run there.
    assertThat(config.resolveSibling("ran-in")).hasContent(config.getParent().toString());
  }

  @Test
  void rkesFatalErrorsOfTheOriginalAttemptBecomeNonRetryableWithWhatToDo() throws Exception {
    for (String fatal :
        List.of(
            "FATA[0012] Failed to reconcile etcd plane: Etcd plane nodes are replaced. Stopping"
                + " provisioning. Please restore your cluster from backup.",
            "FATA[0000] Cluster must have at least one etcd plane host: please specify one or more"
                + " etcd in cluster config")) {
      RkeActivitiesImpl failing =
          new RkeActivitiesImpl(
              new AgentPaths(root.resolve("node")),
              new ClusterInventory(root.resolve("clusters")),
              script(
                  "echo 'INFO[0000] Building Kubernetes cluster'; echo '" + fatal + "'; exit 1"));
      assertThatThrownBy(() -> failing.up(new UpRequest("prod-a", null), STEP))
          .isInstanceOfSatisfying(
              ApplicationFailure.class,
              f -> {
                assertThat(f.isNonRetryable()).isTrue();
                assertThat(f.getType()).isEqualTo("Fatal");
              })
          .hasMessageContaining("rke.externalEtcd");
    }
  }

  @Test
  void aRetryOfASucceededRkeUpDoesNotRunRkeAgainUnlessClusterYmlChanged() throws Exception {
    Path runs = root.resolve("runs");
    RkeActivitiesImpl counting =
        new RkeActivitiesImpl(
            new AgentPaths(root.resolve("node")),
            new ClusterInventory(root.resolve("clusters")),
            script("echo run >> '" + runs + "'"));
    // The agent died after rke finished, before Temporal heard of it: the step runs again.
    counting.up(new UpRequest("prod-a", null), STEP);
    counting.up(new UpRequest("prod-a", null), STEP);
    assertThat(Files.readAllLines(runs)).hasSize(1);

    counting.up(new UpRequest("prod-a", null), new StepContext("wf", "run", "rke-up", "m3", "k2"));
    assertThat(Files.readAllLines(runs)).as("another step runs rke").hasSize(2);
    Files.writeString(config, Files.readString(config) + "# changed\n");
    counting.up(new UpRequest("prod-a", null), STEP);
    assertThat(Files.readAllLines(runs)).as("cluster.yml changed since").hasSize(3);
  }

  @Test
  void anUnknownRkeFailureIsRetriedWithItsLastLine() throws Exception {
    RkeActivitiesImpl flaky =
        new RkeActivitiesImpl(
            new AgentPaths(root.resolve("node")),
            new ClusterInventory(root.resolve("clusters")),
            script("echo 'WARN[0003] Failed to dial ssh: connection refused'; exit 1"));
    assertThatThrownBy(() -> flaky.up(new UpRequest("prod-a", null), STEP))
        .isInstanceOfSatisfying(
            ApplicationFailure.class, f -> assertThat(f.isNonRetryable()).isFalse())
        .hasMessageContaining("exited with 1: WARN[0003] Failed to dial ssh");
  }

  private String script(String body) throws Exception {
    Path file = Files.createTempFile(root, "rke", ".sh");
    Files.writeString(file, "#!/bin/sh\n[ \"$1 $2\" = 'up --config' ] || exit 9\n" + body + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
    return file.toString();
  }
}
