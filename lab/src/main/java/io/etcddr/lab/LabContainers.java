package io.etcddr.lab;

import io.etcddr.activities.cert.RkeCertificateNames;
import io.etcddr.activities.docker.ContainerSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The containers RKE runs on an etcd/controlplane node, as `docker inspect` shows them on an RKE
 * cluster: `etcd` with RKE's flags, file names, binds and TLS (client and peer cert auth), and
 * `kube-apiserver` (here the stand-in) pointed at every etcd member. Listen addresses are the
 * node's own, since every lab node shares the host's network.
 */
final class LabContainers {

  private LabContainers() {}

  static ContainerSpec etcd(LabNode node, List<LabNode> members, String image) {
    Path ssl = Path.of(LabLayout.CERT_DIR);
    String cert = RkeCertificateNames.etcdCert(ssl, node.address()).toString();
    String key = RkeCertificateNames.etcdKey(ssl, node.address()).toString();
    String ca = ssl.resolve(RkeCertificateNames.CA_CERT).toString();
    String initialCluster =
        String.join(
            ",",
            members.stream()
                .map(m -> "etcd-" + m.name() + "=https://" + m.address() + ":2380")
                .toList());
    List<String> cmd =
        List.of(
            "/usr/local/bin/etcd",
            "--name=etcd-" + node.name(),
            "--data-dir=/var/lib/rancher/etcd/",
            "--advertise-client-urls=https://" + node.address() + ":2379",
            "--listen-client-urls=https://" + node.address() + ":2379",
            "--initial-advertise-peer-urls=https://" + node.address() + ":2380",
            "--listen-peer-urls=https://" + node.address() + ":2380",
            "--initial-cluster-token=etcd-cluster-1",
            "--initial-cluster=" + initialCluster,
            "--initial-cluster-state=new",
            "--heartbeat-interval=500",
            "--election-timeout=5000",
            "--client-cert-auth=true",
            "--peer-client-cert-auth=true",
            "--cert-file=" + cert,
            "--key-file=" + key,
            "--trusted-ca-file=" + ca,
            "--peer-cert-file=" + cert,
            "--peer-key-file=" + key,
            "--peer-trusted-ca-file=" + ca);
    return new ContainerSpec(
        image,
        List.of(),
        cmd,
        List.of(
            "ETCDCTL_API=3",
            "ETCDCTL_CACERT=" + ca,
            "ETCDCTL_CERT=" + cert,
            "ETCDCTL_KEY=" + key,
            "ETCDCTL_ENDPOINTS=https://" + node.address() + ":2379"),
        List.of("/var/lib/etcd:/var/lib/rancher/etcd:z", "/etc/kubernetes:/etc/kubernetes:z"),
        "host",
        "always",
        Map.of("io.rancher.rke.container.name", "etcd"),
        "",
        "");
  }

  static ContainerSpec apiserver(LabNode node, List<String> etcdUrls, String image) {
    Path ssl = Path.of(LabLayout.CERT_DIR);
    List<String> cmd = new ArrayList<>();
    cmd.add("/usr/local/bin/kube-apiserver");
    cmd.add("--etcd-servers=" + String.join(",", etcdUrls));
    cmd.add("--etcd-cafile=" + ssl.resolve(RkeCertificateNames.CA_CERT));
    cmd.add("--etcd-certfile=" + RkeCertificateNames.etcdCert(ssl, node.address()));
    cmd.add("--etcd-keyfile=" + RkeCertificateNames.etcdKey(ssl, node.address()));
    cmd.add("--etcd-prefix=/registry");
    cmd.add("--advertise-address=" + node.address());
    return new ContainerSpec(
        image,
        List.of("/bin/sh"),
        cmd,
        List.of(),
        List.of("/etc/kubernetes:/etc/kubernetes:z"),
        "host",
        "always",
        Map.of("io.rancher.rke.container.name", "kube-apiserver"),
        "",
        "");
  }
}
