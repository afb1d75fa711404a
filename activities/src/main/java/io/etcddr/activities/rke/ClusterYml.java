package io.etcddr.activities.rke;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.util.List;

/**
 * RKE's cluster.yml as a tree: edits touch only what they name and keep every other key and its
 * order. (Comments are lost: Jackson's YAML reader does not keep them; the backup does.)
 */
final class ClusterYml {

  private static final ObjectMapper YAML =
      new ObjectMapper(
          new YAMLFactory()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE));

  private final ObjectNode root;

  private ClusterYml(ObjectNode root) {
    this.root = root;
  }

  static ClusterYml parse(String text) throws IOException {
    JsonNode tree = YAML.readTree(text);
    if (!(tree instanceof ObjectNode object)) {
      throw new IOException("cluster.yml is not a YAML mapping");
    }
    return new ClusterYml(object);
  }

  String text() throws IOException {
    return YAML.writeValueAsString(root);
  }

  /** Drops nodes by hostname_override or address, and the etcd role from the others. */
  void removeNodesAndEtcdRole(List<String> names) {
    JsonNode nodes = root.path("nodes");
    if (!(nodes instanceof ArrayNode list)) {
      return;
    }
    for (int i = list.size() - 1; i >= 0; i--) {
      JsonNode node = list.get(i);
      if (names.contains(node.path("hostname_override").asText())
          || names.contains(node.path("address").asText())) {
        list.remove(i);
      } else if (node.path("role") instanceof ArrayNode roles) {
        for (int r = roles.size() - 1; r >= 0; r--) {
          if ("etcd".equals(roles.get(r).asText())) {
            roles.remove(r);
          }
        }
      }
    }
  }

  void externalEtcd(List<String> urls, String path, String caPem, String certPem, String keyPem) {
    ObjectNode services =
        root.path("services") instanceof ObjectNode s ? s : root.putObject("services");
    ObjectNode etcd =
        services.path("etcd") instanceof ObjectNode e ? e : services.putObject("etcd");
    ArrayNode external = etcd.putArray("external_urls");
    urls.forEach(external::add);
    etcd.put("path", path);
    etcd.put("ca_cert", caPem);
    etcd.put("cert", certPem);
    etcd.put("key", keyPem);
  }
}
