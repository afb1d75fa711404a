package io.etcddr.activities.fence;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.etcddr.activities.host.AgentPaths;
import io.etcddr.activities.host.SyncedFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A node's own durable note of the generation it last served, per cluster: its agent writes it
 * whenever the cluster's record lists a member on this node. It outlives Temporal's database, so a
 * record started anew cannot adopt an older cluster as generation 1 while a node knows better, and
 * a node booting without Temporal knows that it once served.
 *
 * @param clientUrl where this node's member of that generation answers
 * @param writtenAt epoch milliseconds
 */
public record ServedNote(
    String cluster, String clusterId, int generation, String clientUrl, long writtenAt) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Where the note of {@code cluster} lives on the node. */
  public static Path file(AgentPaths paths, String cluster) {
    return paths.resolve("/var/lib/etcd-dr/served").resolve(cluster + ".json");
  }

  public static Optional<ServedNote> read(AgentPaths paths, String cluster) throws IOException {
    Path file = file(paths, cluster);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    return Optional.of(JSON.readValue(file.toFile(), ServedNote.class));
  }

  /** Whether it says the same as {@code other}, whenever each was written. */
  public boolean sameAs(ServedNote other) {
    return other != null
        && cluster.equals(other.cluster)
        && clusterId.equals(other.clusterId)
        && generation == other.generation
        && java.util.Objects.equals(clientUrl, other.clientUrl);
  }

  /** Written durably: a power cut right after leaves either the old note or this one. */
  public void write(AgentPaths paths) throws IOException {
    SyncedFiles.replace(
        file(paths, cluster), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(this));
  }
}
