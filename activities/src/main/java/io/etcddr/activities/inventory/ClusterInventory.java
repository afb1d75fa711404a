package io.etcddr.activities.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.etcddr.runbook.diagnostics.OneLine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads cluster descriptions ({@code kind: Cluster}) from a folder, one file per cluster named
 * after it. Read on every call: an operator who fixes an address mid-incident needs no restart.
 */
public final class ClusterInventory {

  /** Why a cluster could not be read; the message names the file and what to fix. */
  public static final class InventoryException extends Exception {
    private static final long serialVersionUID = 1L;

    public InventoryException(String message) {
      super(message);
    }
  }

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private final Path directory;

  public ClusterInventory(Path directory) {
    this.directory = directory;
  }

  public Path directory() {
    return directory;
  }

  public Optional<Cluster> find(String name) throws InventoryException {
    if (!name.matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?")) {
      throw new InventoryException("cluster name `" + name + "` is not a valid name");
    }
    Path file = directory.resolve(name + ".yaml");
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      JsonNode root = YAML.readTree(file.toFile());
      if (root == null || !"Cluster".equals(root.path("kind").asText())) {
        throw new InventoryException(file + ": not a `kind: Cluster` file");
      }
      if (!name.equals(root.path("metadata").path("name").asText())) {
        throw new InventoryException(file + ": metadata.name must be `" + name + "`");
      }
      Cluster spec = YAML.treeToValue(root.path("spec"), Cluster.class);
      return Optional.of(
          new Cluster(
              name,
              spec.rkeConfig(),
              spec.deployNode(),
              spec.caNode(),
              spec.certDir(),
              spec.certNames(),
              spec.etcd(),
              spec.nodes()));
    } catch (IOException e) {
      throw new InventoryException(file + ": " + OneLine.of(e.getMessage()));
    }
  }

  /** The names of the clusters described in the folder (`kind: Cluster` files), sorted. */
  public java.util.List<String> names() {
    try (java.util.stream.Stream<Path> files = Files.list(directory)) {
      return files
          .map(f -> f.getFileName().toString())
          .filter(f -> f.endsWith(".yaml"))
          .map(f -> f.substring(0, f.length() - ".yaml".length()))
          .filter(this::describesCluster)
          .sorted()
          .toList();
    } catch (IOException e) {
      return java.util.List.of();
    }
  }

  private boolean describesCluster(String name) {
    try {
      return find(name).isPresent();
    } catch (InventoryException notACluster) {
      return false;
    }
  }

  /** The cluster, or a failure that says where the file should be. */
  public Cluster require(String name) throws InventoryException {
    return find(name)
        .orElseThrow(
            () ->
                new InventoryException(
                    "no cluster `"
                        + name
                        + "` in the inventory; describe it in "
                        + directory.resolve(name + ".yaml")));
  }
}
