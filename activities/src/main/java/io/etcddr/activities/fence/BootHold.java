package io.etcddr.activities.fence;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.etcddr.activities.host.AgentPaths;
import io.etcddr.activities.host.SyncedFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * A node that served a generation and cannot confirm at boot that it is still current keeps its
 * etcd down: before its Docker engine starts, the data dir is moved to {@code DATA_DIR.boot-hold}
 * and this note put in its place, so the engine's restart policy brings back an etcd that cannot
 * start (the data dir is a file) rather than the old cluster. Nothing is deleted. The hold ends
 * when the node learns its generation is current (the data dir goes back), when a fence order
 * arrives (the held data becomes the fence's), or when an operator releases it.
 *
 * @param held the node path where the data dir is kept meanwhile
 */
public record BootHold(String cluster, String held, String reason, long since, String note) {

  private static final ObjectMapper JSON = new ObjectMapper();
  static final String SUFFIX = ".boot-hold";

  /** The hold at {@code dataDir}, if the file there is one. */
  public static Optional<BootHold> at(AgentPaths paths, String dataDir) throws IOException {
    Path file = paths.resolve(dataDir);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(file.toFile(), BootHold.class));
    } catch (IOException notAHold) {
      return Optional.empty();
    }
  }

  /**
   * Holds {@code dataDir}: moved aside, this note in its place. A hold already there is kept; a
   * data dir that does not exist (nothing served here) holds nothing.
   */
  public static Optional<BootHold> hold(
      AgentPaths paths, String cluster, String dataDir, String reason, long now)
      throws IOException {
    Optional<BootHold> earlier = at(paths, dataDir);
    if (earlier.isPresent()) {
      return earlier;
    }
    Path dir = paths.resolve(dataDir);
    if (!Files.isDirectory(dir)) {
      return Optional.empty();
    }
    Path held = paths.resolve(dataDir + SUFFIX);
    Files.move(dir, held, StandardCopyOption.ATOMIC_MOVE);
    BootHold hold =
        new BootHold(
            cluster,
            dataDir + SUFFIX,
            reason,
            now,
            "HELD by etcd-dr at boot: this node served cluster "
                + cluster
                + " and could not confirm it is still current ("
                + reason
                + "). Its data is kept in "
                + dataDir
                + SUFFIX
                + ". `etcd-dr fence-check --release` puts it back.");
    SyncedFiles.replace(dir, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(hold));
    return Optional.of(hold);
  }

  /** Puts the held data dir back in place of the note; false when nothing was held. */
  public static boolean release(AgentPaths paths, String dataDir) throws IOException {
    Optional<BootHold> hold = at(paths, dataDir);
    if (hold.isEmpty()) {
      return false;
    }
    Path dir = paths.resolve(dataDir);
    Files.delete(dir);
    Files.move(paths.resolve(hold.get().held()), dir, StandardCopyOption.ATOMIC_MOVE);
    SyncedFiles.syncDir(dir.getParent());
    return true;
  }
}
