package io.etcddr.activities.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A place snapshots are kept away from the cluster; every call is safe to repeat. */
public interface SnapshotStore extends AutoCloseable {

  /**
   * Stores a (ciphertext) file under {@code name} with its metadata, streamed with bounded memory;
   * a snapshot already stored under that name with the same sha256 is left as it is.
   */
  StoredSnapshot put(String name, Path file, Map<String, String> metadata) throws IOException;

  /** Every complete snapshot, newest first. */
  List<StoredSnapshot> list() throws IOException;

  Optional<StoredSnapshot> find(String name) throws IOException;

  /** The snapshot under {@code name} when it holds these bytes already (the same sha256). */
  default Optional<StoredSnapshot> storedAlready(String name, Map<String, String> metadata)
      throws IOException {
    return find(name).filter(s -> s.sha256().equals(metadata.get(StoredSnapshot.SHA256)));
  }

  /** Streams the stored bytes into {@code target} (written durably by the caller's rules). */
  void download(String name, Path target) throws IOException;

  void delete(String name) throws IOException;

  @Override
  void close();
}
