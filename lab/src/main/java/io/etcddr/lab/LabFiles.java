package io.etcddr.lab;

import static io.etcddr.lab.Lab.map;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.PutOption;
import io.etcddr.activities.etcd.EtcdClients;
import io.etcddr.activities.etcd.EtcdTls;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The lab's files: the worker's inventory, RKE's cluster.yml, and Kubernetes-shaped keys. */
final class LabFiles {

  private LabFiles() {}

  /** clusters/lab.yaml: how the worker reaches the lab's etcd (TLS with its own certificate). */
  static void writeInventory(
      LabLayout layout, List<LabNode> nodes, String deployNode, String caNode)
      throws java.io.IOException {
    List<Object> nodeList = new ArrayList<>();
    for (LabNode n : nodes) {
      nodeList.add(map("name", n.name(), "address", n.address(), "site", n.site()));
    }
    // The worker asks the masters and node1, where add-learner puts the standby.
    List<String> endpoints =
        nodes.stream()
            .filter(n -> n.etcd() || n.name().equals("node1"))
            .map(n -> "https://" + n.address() + ":2379")
            .toList();
    Lab.writeYaml(
        layout.clusters().resolve(LabLayout.CLUSTER + ".yaml"),
        map(
            "apiVersion",
            "etcd-dr/v1",
            "kind",
            "Cluster",
            "metadata",
            map("name", LabLayout.CLUSTER),
            "spec",
            map(
                "rkeConfig",
                LabLayout.RKE_CONFIG,
                "deployNode",
                deployNode,
                "caNode",
                caNode,
                "certDir",
                LabLayout.CERT_DIR,
                "certNames",
                LabPki.LOOPBACK_SAN,
                "etcd",
                map(
                    "endpoints", endpoints,
                    "caCert", layout.workerCert("ca").toString(),
                    "cert", layout.workerCert("cert").toString(),
                    "key", layout.workerCert("key").toString()),
                "nodes",
                nodeList)));
  }

  /**
   * RKE's cluster.yml on the deploy node, as the original cluster had it: the masters as
   * controlplane+etcd, the workers, RKE's etcd image. {@code docker_socket} is each node's own
   * engine in the lab.
   */
  static void writeClusterYml(
      LabLayout layout, List<LabNode> nodes, String deployNode, List<LabNode> etcdPlane)
      throws java.io.IOException {
    var file = layout.paths(deployNode).resolve(LabLayout.RKE_CONFIG);
    if (Files.exists(file)) {
      return; // the operator's (or a failover's) edits win over a repairing `lab up`
    }
    // The state of the last `rke up`: RKE compares the next etcd plane with it.
    Files.createDirectories(file.getParent());
    Files.writeString(
        file.resolveSibling("cluster.rkestate"),
        "{\"etcdHosts\":["
            + String.join(",", etcdPlane.stream().map(n -> "\"" + n.address() + "\"").toList())
            + "]}");
    List<Object> rkeNodes = new ArrayList<>();
    for (LabNode n : nodes) {
      rkeNodes.add(
          map(
              "address", n.address(),
              "hostname_override", n.name(),
              "user", "rke",
              "role", n.roles(),
              "docker_socket", layout.docker(n.name()).host().substring("unix://".length()),
              "labels", map("topology.kubernetes.io/zone", n.site())));
    }
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("cluster_name", LabLayout.CLUSTER);
    config.put("kubernetes_version", "v1.20.15-rancher1-1");
    config.put("nodes", rkeNodes);
    config.put(
        "services",
        map(
            "etcd",
            map("snapshot", true, "retention", "24h", "creation", "6h"),
            "kube-api",
            map("service_cluster_ip_range", "10.43.0.0/16")));
    config.put("network", map("plugin", "canal"));
    Lab.writeYaml(file, config);
  }

  /** The `rke` the deploy node's agent runs: a script starting {@link RkeStandIn}. */
  static void writeRkeStandIn(LabLayout layout) throws java.io.IOException {
    Path script = layout.rkeStandIn();
    Files.createDirectories(script.getParent());
    Files.writeString(
        script,
        "#!/bin/sh\n# The lab's rke: validates cluster.yml as RKE does (see RkeStandIn).\nexec '"
            + ProcessHandle.current().info().command().orElse("java")
            + "' -Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp '"
            + System.getProperty("java.class.path")
            + "' io.etcddr.lab.RkeStandIn \"$@\"\n");
    script.toFile().setExecutable(true);
  }

  /**
   * A namespace and a Deployment's ReplicaSet with its pods, as in the original cluster; written
   * once.
   */
  static void kubernetesKeys(LabLayout layout, List<String> endpoints) throws Exception {
    Map<String, String> keys = new LinkedHashMap<>();
    keys.put(
        "/registry/namespaces/default",
        "{\"kind\":\"Namespace\",\"metadata\":{\"name\":\"default\"}}");
    keys.put(
        "/registry/deployments/default/web",
        "{\"kind\":\"Deployment\",\"metadata\":{\"name\":\"web\"},\"spec\":{\"replicas\":3}}");
    keys.put(
        "/registry/replicasets/default/web-6d4cf56db6",
        "{\"kind\":\"ReplicaSet\",\"metadata\":{\"name\":\"web-6d4cf56db6\"},\"spec\":{\"replicas\":3}}");
    for (String pod :
        List.of("web-6d4cf56db6-4xk2p", "web-6d4cf56db6-9qz7m", "web-6d4cf56db6-tb8wd")) {
      keys.put(
          "/registry/pods/default/" + pod,
          "{\"kind\":\"Pod\",\"metadata\":{\"name\":\""
              + pod
              + "\",\"ownerReferences\":"
              + "[{\"kind\":\"ReplicaSet\",\"name\":\"web-6d4cf56db6\"}]}}");
    }
    EtcdTls tls =
        new EtcdTls(layout.workerCert("ca"), layout.workerCert("cert"), layout.workerCert("key"));
    try (Client client = EtcdClients.connect(endpoints, tls)) {
      for (var entry : keys.entrySet()) {
        ByteSequence key = bytes(entry.getKey());
        // Put only when absent: a repairing `lab up` never rewrites what the cluster holds.
        TxnResponse ignored =
            client
                .getKVClient()
                .txn()
                .If(new Cmp(key, Cmp.Op.EQUAL, CmpTarget.version(0)))
                .Then(Op.put(key, bytes(entry.getValue()), PutOption.DEFAULT))
                .commit()
                .get(10, TimeUnit.SECONDS);
      }
    }
  }

  private static ByteSequence bytes(String s) {
    return ByteSequence.from(s, StandardCharsets.UTF_8);
  }
}
