package io.etcddr.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A cluster inventory folder for tests whose runs never reach etcd: names and nodes only. */
public final class TestInventory {

  private TestInventory() {}

  /** One `kind: Cluster` file per name, each with the given nodes (all in site `a`). */
  public static Path write(Path dir, List<String> clusters, List<String> nodes) throws IOException {
    Files.createDirectories(dir);
    for (String cluster : clusters) {
      StringBuilder spec = new StringBuilder();
      spec.append("apiVersion: etcd-dr/v1\nkind: Cluster\nmetadata: { name: ")
          .append(cluster)
          .append(" }\nspec:\n  deployNode: ")
          .append(nodes.get(0))
          .append("\n  caNode: ")
          .append(nodes.get(0))
          .append(
              "\n  etcd: { endpoints: [\"https://127.0.0.1:1\"], caCert: /x, cert: /x, key: /x }")
          .append("\n  nodes:\n");
      for (int i = 0; i < nodes.size(); i++) {
        spec.append("    - { name: ")
            .append(nodes.get(i))
            .append(", address: 127.0.0.")
            .append(2 + i)
            .append(", site: a }\n");
      }
      Files.writeString(dir.resolve(cluster + ".yaml"), spec.toString());
    }
    return dir;
  }
}
