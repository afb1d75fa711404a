package io.etcddr.activities.fence;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.etcddr.activities.host.AgentPaths;
import io.etcddr.activities.host.SyncedFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What a node must know, without Temporal, to guard a cluster by itself: the current generation as
 * its agent last read it from the record, the sites that hold its voters (their nodes fence
 * themselves when cut off), and where its learners answer (to confirm the generation from the other
 * site when only that site is in reach). Every node of the cluster keeps one, member or not.
 *
 * @param voterSites the sites of the generation's voters
 * @param learnerUrls client URLs of the generation's learners
 * @param writtenAt epoch milliseconds
 */
public record LeaseNote(
    String cluster,
    String clusterId,
    int generation,
    List<String> voterSites,
    List<String> learnerUrls,
    long writtenAt) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public LeaseNote {
    voterSites = voterSites == null ? List.of() : List.copyOf(voterSites);
    learnerUrls = learnerUrls == null ? List.of() : List.copyOf(learnerUrls);
  }

  public static Path file(AgentPaths paths, String cluster) {
    return paths.resolve("/var/lib/etcd-dr/lease").resolve(cluster + ".json");
  }

  public static Optional<LeaseNote> read(AgentPaths paths, String cluster) throws IOException {
    Path file = file(paths, cluster);
    return Files.isRegularFile(file)
        ? Optional.of(JSON.readValue(file.toFile(), LeaseNote.class))
        : Optional.empty();
  }

  /** Whether it says the same as {@code other}, whenever each was written. */
  public boolean sameAs(LeaseNote other) {
    return other != null
        && cluster.equals(other.cluster)
        && clusterId.equals(other.clusterId)
        && generation == other.generation
        && voterSites.equals(other.voterSites)
        && learnerUrls.equals(other.learnerUrls);
  }

  public void write(AgentPaths paths) throws IOException {
    SyncedFiles.replace(
        file(paths, cluster), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(this));
  }
}
