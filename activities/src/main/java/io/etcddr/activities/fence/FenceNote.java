package io.etcddr.activities.fence;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The file a fence leaves where the old etcd data dir was: it tells a person what happened and
 * where the data is, and it makes the path unusable as a data dir, so an etcd started there by hand
 * or by a restart policy fails instead of bootstrapping an empty cluster.
 *
 * @param aside the node path of the data dir kept aside, or null when there was none
 * @param beforeEngine whether the files were fenced before the node's Docker engine started
 */
public record FenceNote(
    String cluster,
    String orderId,
    String aside,
    long fencedAt,
    boolean beforeEngine,
    String note) {

  private static final ObjectMapper JSON = new ObjectMapper();

  static FenceNote of(String cluster, String orderId, String aside, long at, boolean beforeEngine) {
    return new FenceNote(
        cluster,
        orderId,
        aside,
        at,
        beforeEngine,
        "FENCED by etcd-dr: this node's old etcd of cluster "
            + cluster
            + " must not serve again (a failover made a new generation). Its data is kept in "
            + aside
            + ". Remove this file only to bring the old member back on purpose.");
  }

  /** The note at {@code file}, if a fence left one there (anything else is not ours). */
  public static Optional<FenceNote> read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(file.toFile(), FenceNote.class));
    } catch (IOException notOurs) {
      return Optional.empty();
    }
  }

  void write(Path file) throws IOException {
    Path temp = file.resolveSibling("." + file.getFileName() + ".fence");
    Files.write(temp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(this));
    Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }
}
