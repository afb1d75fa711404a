package io.etcddr.activities.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.etcddr.contract.OneLine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads cluster descriptions ({@code kind: Cluster}) from a folder, one file per cluster named
 * after it. Looked at on every call: an operator who fixes an address mid-incident needs no
 * restart. A file is parsed again only when its modification time or size changed — each run's
 * input check reads every cluster of the folder (no node name shared across clusters), and a
 * fleet's night of drills would otherwise parse N files N times.
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

  /** A file's cluster as parsed, with the file's time and size then. */
  private record Parsed(FileTime modified, long size, Cluster cluster) {
    boolean current(BasicFileAttributes now) {
      return modified.equals(now.lastModifiedTime()) && size == now.size();
    }
  }

  private final Map<Path, Parsed> parsed = new ConcurrentHashMap<>();

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
      BasicFileAttributes seen = Files.readAttributes(file, BasicFileAttributes.class);
      Parsed before = parsed.get(file);
      if (before != null && before.current(seen)) {
        return Optional.of(before.cluster());
      }
      Cluster cluster = parse(file, name);
      parsed.put(file, new Parsed(seen.lastModifiedTime(), seen.size(), cluster));
      return Optional.of(cluster);
    } catch (IOException e) {
      throw new InventoryException(file + ": " + OneLine.of(e.getMessage()));
    }
  }

  private static Cluster parse(Path file, String name) throws IOException, InventoryException {
    JsonNode root = YAML.readTree(file.toFile());
    if (root == null || !"Cluster".equals(root.path("kind").asText())) {
      throw new InventoryException(file + ": not a `kind: Cluster` file");
    }
    if (!name.equals(root.path("metadata").path("name").asText())) {
      throw new InventoryException(file + ": metadata.name must be `" + name + "`");
    }
    Cluster spec = YAML.treeToValue(root.path("spec"), Cluster.class);
    Cluster cluster =
        new Cluster(
            name,
            spec.rkeConfig(),
            spec.deployNode(),
            spec.caNode(),
            spec.certDir(),
            spec.dataDir(),
            spec.certNames(),
            spec.etcd(),
            spec.nodes());
    refuseAmbiguousNodes(file, cluster);
    return cluster;
  }

  /**
   * Two nodes of one name or one address would send one node's work to the other: a name is a task
   * queue, an address is where a member's URLs point.
   */
  private static void refuseAmbiguousNodes(Path file, Cluster cluster) throws InventoryException {
    java.util.Map<String, String> byName = new java.util.HashMap<>();
    java.util.Map<String, String> byAddress = new java.util.HashMap<>();
    for (Cluster.Node node : cluster.nodes()) {
      if (node.name() == null || node.name().isBlank() || node.address() == null) {
        throw new InventoryException(
            file + ": every node needs a name and an address (spec.nodes[].name, .address)");
      }
      if (byName.put(node.name(), node.address()) != null) {
        throw new InventoryException(
            file + ": two nodes are named `" + node.name() + "`; give each its own name");
      }
      String other = byAddress.put(node.address(), node.name());
      if (other != null) {
        throw new InventoryException(
            file
                + ": nodes `"
                + other
                + "` and `"
                + node.name()
                + "` have the same address "
                + node.address()
                + "; each node needs its own");
      }
    }
  }

  /**
   * A node of {@code cluster} whose name another cluster of the folder gives to a node at another
   * address, with that cluster: both would poll one task queue (etcd-dr@NODE), so a step meant for
   * one machine could run on the other. Empty when no such node exists.
   */
  public Optional<String> sharedNodeName(Cluster cluster) {
    for (String otherName : names()) {
      if (otherName.equals(cluster.name())) {
        continue;
      }
      Optional<Cluster> other;
      try {
        other = find(otherName);
      } catch (InventoryException unreadable) {
        continue;
      }
      for (Cluster.Node node : cluster.nodes()) {
        Optional<Cluster.Node> same = other.flatMap(o -> o.node(node.name()));
        if (same.isPresent() && !same.get().address().equals(node.address())) {
          return Optional.of(
              "node `"
                  + node.name()
                  + "` of cluster `"
                  + cluster.name()
                  + "` ("
                  + node.address()
                  + ") is also a node of cluster `"
                  + otherName
                  + "` at "
                  + same.get().address()
                  + ": both agents would poll etcd-dr@"
                  + node.name()
                  + "; rename one (RKE's hostname_override) or give each cluster its own Temporal"
                  + " namespace");
        }
      }
    }
    return Optional.empty();
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
