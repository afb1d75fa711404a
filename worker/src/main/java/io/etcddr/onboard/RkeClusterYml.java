package io.etcddr.onboard;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.etcddr.config.BadSetting;
import io.etcddr.contract.OneLine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What etcd-dr needs from RKE's cluster.yml: the nodes (address, internal_address,
 * hostname_override, roles, labels), prefix_path (it moves the certificate folder) and an external
 * etcd's URLs. Everything else, SSH keys above all, is not read.
 */
record RkeClusterYml(
    Path file, String clusterName, String prefixPath, List<String> externalEtcd, List<Node> nodes) {

  /** A node as RKE names it: hostname_override, else its address. */
  record Node(
      String name,
      String address,
      String internalAddress,
      List<String> roles,
      Map<String, String> labels) {

    /** Where etcd and the agents reach it: RKE uses internal_address for etcd when set. */
    String clusterAddress() {
      return internalAddress != null ? internalAddress : address;
    }

    boolean etcd() {
      return roles.contains("etcd");
    }
  }

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  static RkeClusterYml read(Path file) {
    JsonNode root;
    try {
      root = YAML.readTree(Files.readString(file));
    } catch (NoSuchFileException e) {
      throw new BadSetting(
          "--rke-config " + file + ": no such file; give the path of RKE's cluster.yml");
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw new BadSetting(
          file
              + (at == null ? "" : ":" + at.getLineNr() + ":" + at.getColumnNr())
              + ": not valid YAML: "
              + OneLine.of(e.getOriginalMessage()));
    } catch (IOException e) {
      throw new BadSetting("--rke-config " + file + ": cannot be read: " + e.getMessage());
    }
    if (root == null || !root.path("nodes").isArray() || root.path("nodes").isEmpty()) {
      throw new BadSetting(file + ": no `nodes:` list; is this RKE's cluster.yml?");
    }
    List<Node> nodes = new ArrayList<>();
    int index = 0;
    for (JsonNode node : root.path("nodes")) {
      nodes.add(node(file, index++, node));
    }
    List<String> external = new ArrayList<>();
    root.path("services").path("etcd").path("external_urls").forEach(u -> external.add(u.asText()));
    return new RkeClusterYml(
        file,
        text(root, "cluster_name"),
        text(root, "prefix_path"),
        List.copyOf(external),
        List.copyOf(nodes));
  }

  private static Node node(Path file, int index, JsonNode node) {
    String address = text(node, "address");
    if (address == null) {
      throw new BadSetting(file + ": nodes[" + index + "] has no address");
    }
    List<String> roles = new ArrayList<>();
    JsonNode role = node.path("role");
    if (role.isTextual()) {
      roles.add(role.asText());
    } else {
      role.forEach(r -> roles.add(r.asText()));
    }
    Map<String, String> labels = new LinkedHashMap<>();
    node.path("labels")
        .fields()
        .forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
    String override = text(node, "hostname_override");
    return new Node(
        override != null ? override : address,
        address,
        text(node, "internal_address"),
        List.copyOf(roles),
        Map.copyOf(labels));
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() || value.asText().isBlank() ? null : value.asText();
  }
}
