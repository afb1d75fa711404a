package io.etcddr.activities.inventory;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Optional;

/**
 * A cluster as described once in {@code clusters/<name>.yaml} beside the worker: where RKE's
 * cluster.yml lives, which node holds the CA key, the etcd endpoints and TLS files the worker uses,
 * where etcd keeps its data on the hosts, and every node with its address and site. {@code
 * certNames} are extra SANs every member certificate of this cluster carries (the lab's 127.0.0.1:
 * on loopback, peers connect from it).
 *
 * @param dataDir the members' etcd data dir on the host (RKE: prefix_path + /var/lib/etcd)
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record Cluster(
    String name,
    String rkeConfig,
    String deployNode,
    String caNode,
    String certDir,
    String dataDir,
    List<String> certNames,
    Etcd etcd,
    List<Node> nodes) {

  public static final String DEFAULT_DATA_DIR = "/var/lib/etcd";

  public Cluster {
    certDir = certDir == null ? "/etc/kubernetes/ssl" : certDir;
    dataDir = dataDir == null ? DEFAULT_DATA_DIR : dataDir;
    certNames = certNames == null ? List.of() : List.copyOf(certNames);
    nodes = nodes == null ? List.of() : List.copyOf(nodes);
  }

  /** How the worker reaches etcd: client URLs and the files of its client certificate. */
  public record Etcd(List<String> endpoints, String caCert, String cert, String key) {
    public Etcd {
      endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
    }
  }

  /** A node: RKE's hostname_override (else its address), its IP, and its site (room). */
  public record Node(String name, String address, String site) {}

  public Optional<Node> node(String name) {
    return nodes.stream().filter(n -> n.name().equals(name)).findFirst();
  }

  /** The first node without a site, if any: failovers and learners need every node's site. */
  public Optional<Node> withoutSite() {
    return nodes.stream().filter(n -> n.site() == null || n.site().isBlank()).findFirst();
  }

  /** What to tell the operator about a node without a site, in one line. */
  public static String noSite(String cluster, Node node) {
    return "node `"
        + node.name()
        + "` of cluster `"
        + cluster
        + "` has no site; set spec.nodes[].site (its room) in the inventory: failovers and learners"
        + " go by sites";
  }

  /** The node at this address (the host of a member's peer or client URL). */
  public Optional<Node> nodeAt(String address) {
    return nodes.stream().filter(n -> n.address().equals(address)).findFirst();
  }
}
