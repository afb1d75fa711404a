package io.etcddr.onboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.etcddr.activities.host.HostTools;
import io.etcddr.activities.inventory.ClusterInventory;
import io.etcddr.config.BadSetting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes clusters/NAME.yaml (kind: Cluster) from RKE's cluster.yml: every node under its RKE name
 * (hostname_override, else address) with the address etcd uses (internal_address, else address) and
 * its site from a node label; the etcd endpoints from the etcd-role nodes (or an external etcd's
 * URLs); the certificate folder and etcd's data dir after prefix_path. What cluster.yml cannot say
 * (where the worker's etcd client certificate is, which node runs rke and holds the CA key) comes
 * from options, and what is still unknown is reported, not guessed.
 */
public final class InventoryImport {

  /** The options of `inventory import`. */
  public record Request(
      String name,
      Path rkeConfig,
      String rkeConfigOnNode,
      String siteLabel,
      String deployNode,
      String caNode,
      List<String> certNames,
      EtcdClient etcdClient,
      boolean force) {}

  /** The worker's own files for its etcd client connection. */
  public record EtcdClient(String caCert, String cert, String key) {}

  /** What was written, and what the operator must still look at. */
  public record Result(Path file, int nodes, List<String> endpoints, List<String> warnings) {}

  private static final ObjectMapper YAML =
      new ObjectMapper(
          new YAMLFactory()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

  private InventoryImport() {}

  public static Result write(ClusterInventory inventory, Request request) {
    if (!request.name().matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?")) {
      throw new BadSetting(
          "--name " + request.name() + ": use lower-case letters, digits and dashes (a DNS label)");
    }
    Path file = inventory.directory().resolve(request.name() + ".yaml");
    if (Files.exists(file) && !request.force()) {
      throw new BadSetting(file + " exists; pass --force to replace it (it is read by every run)");
    }
    RkeClusterYml rke = RkeClusterYml.read(request.rkeConfig());
    List<String> warnings = new ArrayList<>();
    List<Map<String, Object>> nodes = nodes(rke, request.siteLabel(), warnings);
    Set<String> names = new HashSet<>();
    nodes.forEach(n -> names.add((String) n.get("name")));
    for (String[] option :
        new String[][] {{"--deploy-node", request.deployNode()}, {"--ca-node", request.caNode()}}) {
      if (option[1] != null && !names.contains(option[1])) {
        throw new BadSetting(
            option[0]
                + " "
                + option[1]
                + " is not a node of "
                + rke.file()
                + "; nodes: "
                + String.join(", ", names));
      }
    }
    if (request.deployNode() == null) {
      warnings.add("no --deploy-node: set spec.deployNode to the node that runs `rke up`");
    }
    if (request.caNode() == null) {
      warnings.add("no --ca-node: set spec.caNode to the node that holds kube-ca-key.pem");
    }
    List<String> endpoints = endpoints(rke);
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put(
        "rkeConfig",
        request.rkeConfigOnNode() != null
            ? request.rkeConfigOnNode()
            : request.rkeConfig().toAbsolutePath().normalize().toString());
    putIfGiven(spec, "deployNode", request.deployNode());
    putIfGiven(spec, "caNode", request.caNode());
    String prefix = rke.prefixPath() == null ? "" : stripSlash(rke.prefixPath());
    spec.put("certDir", prefix + "/etc/kubernetes/ssl");
    spec.put("dataDir", prefix + "/var/lib/etcd");
    if (!request.certNames().isEmpty()) {
      spec.put("certNames", request.certNames());
    }
    Map<String, Object> etcd = new LinkedHashMap<>();
    etcd.put("endpoints", endpoints);
    etcd.put("caCert", request.etcdClient().caCert());
    etcd.put("cert", request.etcdClient().cert());
    etcd.put("key", request.etcdClient().key());
    spec.put("etcd", etcd);
    spec.put("nodes", nodes);
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("apiVersion", "etcd-dr/v1");
    document.put("kind", "Cluster");
    document.put("metadata", Map.of("name", request.name()));
    document.put("spec", spec);
    writeAtomically(inventory, file, header(rke) + yaml(document));
    return new Result(file, nodes.size(), endpoints, List.copyOf(warnings));
  }

  private static List<Map<String, Object>> nodes(
      RkeClusterYml rke, String siteLabel, List<String> warnings) {
    List<Map<String, Object>> nodes = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (RkeClusterYml.Node node : rke.nodes()) {
      if (!seen.add(node.name())) {
        throw new BadSetting(
            rke.file()
                + ": two nodes are named "
                + node.name()
                + "; give each its own hostname_override");
      }
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("name", node.name());
      entry.put("address", node.clusterAddress());
      String site = node.labels().get(siteLabel);
      if (site != null) {
        entry.put("site", site);
      } else {
        warnings.add(
            "node "
                + node.name()
                + " has no label "
                + siteLabel
                + ": its site is unknown; set it (or --site-label) before add-learner");
      }
      nodes.add(entry);
    }
    return nodes;
  }

  private static List<String> endpoints(RkeClusterYml rke) {
    if (!rke.externalEtcd().isEmpty()) {
      return rke.externalEtcd();
    }
    List<String> endpoints =
        rke.nodes().stream()
            .filter(RkeClusterYml.Node::etcd)
            .map(n -> "https://" + n.clusterAddress() + ":2379")
            .toList();
    if (endpoints.isEmpty()) {
      throw new BadSetting(
          rke.file()
              + ": no node has the etcd role and services.etcd.external_urls is empty;"
              + " etcd-dr has no etcd to protect");
    }
    return endpoints;
  }

  /** Read back by the inventory's own reader before it replaces anything; then one rename. */
  private static void writeAtomically(ClusterInventory inventory, Path file, String content) {
    String name = file.getFileName().toString().replaceFirst("\\.yaml$", "");
    Path staging = null;
    try {
      Files.createDirectories(file.getParent());
      staging = Files.createTempDirectory(file.getParent(), ".import-");
      Path written = Files.writeString(staging.resolve(file.getFileName()), content);
      new ClusterInventory(staging).require(name);
      Files.move(
          written, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | ClusterInventory.InventoryException e) {
      throw new BadSetting("cannot write " + file + ": " + e.getMessage());
    } finally {
      deleteQuietly(staging);
    }
  }

  /** A leftover staging folder is harmless (the inventory reads only *.yaml files). */
  private static void deleteQuietly(Path staging) {
    if (staging == null) {
      return;
    }
    try {
      HostTools.deleteTree(staging);
    } catch (IOException leftOver) {
      // see above
    }
  }

  private static String header(RkeClusterYml rke) {
    return "# Written by `etcd-dr inventory import` from "
        + rke.file().toAbsolutePath().normalize()
        + (rke.clusterName() == null ? "" : " (RKE cluster " + rke.clusterName() + ")")
        + ".\n# Review the sites, deployNode, caNode and the worker's etcd client files.\n";
  }

  private static String yaml(Object document) {
    try {
      return YAML.writeValueAsString(document);
    } catch (IOException e) {
      throw new IllegalStateException("YAML of plain maps cannot fail", e);
    }
  }

  private static void putIfGiven(Map<String, Object> map, String key, String value) {
    if (value != null) {
      map.put(key, value);
    }
  }

  private static String stripSlash(String path) {
    return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }
}
