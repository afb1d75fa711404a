package io.etcddr.activities.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.etcddr.activities.etcddata.EtcdBinaries;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a copied etcd container spec is changed, as `runlike` plus the step's edits would. */
class ContainerSpecTest {

  private static final ContainerSpec RKE_ETCD =
      new ContainerSpec(
          "rancher/mirrored-coreos-etcd:v3.4.14-rancher1",
          null,
          List.of(
              "/usr/local/bin/etcd",
              "--name=etcd-master1",
              "--cert-file=/etc/kubernetes/ssl/kube-etcd-10-0-0-1.pem",
              "--advertise-client-urls",
              "https://10.0.0.1:2379",
              "--enable-v2=true"),
          List.of(
              "ETCDCTL_API=3",
              "ETCDCTL_CERT=/etc/kubernetes/ssl/kube-etcd-10-0-0-1.pem",
              "ETCDCTL_ENDPOINTS=https://10.0.0.1:2379"),
          List.of("/var/lib/etcd:/var/lib/rancher/etcd:z"),
          "host",
          "always",
          Map.of(),
          null,
          null);

  @Test
  void flagsAreChangedWhereTheyStandAndEtcdctlsEnvironmentFollows() {
    ContainerSpec learner =
        RKE_ETCD.withEtcdFlags(
            Map.of(
                "name", "etcd-node1",
                "cert-file", "/etc/kubernetes/ssl/kube-etcd-10-0-0-4.pem",
                "advertise-client-urls", "https://10.0.0.4:2379",
                "initial-cluster-state", "existing"),
            List.of("enable-v2"));

    assertThat(learner.cmd())
        .containsExactly(
            "/usr/local/bin/etcd",
            "--name=etcd-node1",
            "--cert-file=/etc/kubernetes/ssl/kube-etcd-10-0-0-4.pem",
            "--advertise-client-urls",
            "https://10.0.0.4:2379",
            "--initial-cluster-state=existing");
    assertThat(learner.env())
        .containsExactly(
            "ETCDCTL_API=3",
            "ETCDCTL_CERT=/etc/kubernetes/ssl/kube-etcd-10-0-0-4.pem",
            "ETCDCTL_ENDPOINTS=https://10.0.0.4:2379");
    assertThat(learner.binds()).containsExactly("/var/lib/etcd:/var/lib/rancher/etcd:rw,z");
    assertThat(learner.digest()).isNotEqualTo(RKE_ETCD.digest());
  }

  @Test
  void aSpecSurvivesTheTripThroughAStepsOutput() {
    assertThat(ContainerSpec.fromMap(RKE_ETCD.toMap())).isEqualTo(RKE_ETCD);
    assertThat(ContainerSpec.fromMap(RKE_ETCD.toMap()).digest()).isEqualTo(RKE_ETCD.digest());
  }

  @Test
  void theRestoreToolInsideAnImageFollowsItsEtcdVersion() {
    assertThat(EtcdBinaries.inImage("rancher/mirrored-coreos-etcd:v3.4.14-rancher1").restoreTool())
        .hasToString("/usr/local/bin/etcdctl");
    // etcdutl from 3.5 on: it alone bumps revisions on restore.
    assertThat(EtcdBinaries.inImage("rancher/mirrored-coreos-etcd:v3.5.9").etcdutl()).isTrue();
    assertThat(EtcdBinaries.inImage("gcr.io/etcd-development/etcd:v3.6.0").restoreTool())
        .hasToString("/usr/local/bin/etcdutl");
  }
}
