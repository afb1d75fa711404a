package io.etcddr.activities.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The {@code FILE.sha256} that a snapshot, a backend copy or a fetch writes beside its file, once
 * the file is complete: the sha256 of its content, then (snapshots) the etcd revision it holds. The
 * one reader and writer of that format; written durably, so that after a power cut a sidecar never
 * vouches for a file that is not all there.
 *
 * @param revision 0 when none was recorded
 */
public record DigestSidecar(String sha256, long revision) {

  /** Where the sidecar of {@code file} is. */
  public static Path of(Path file) {
    return file.resolveSibling(file.getFileName() + ".sha256");
  }

  /** The sidecar of {@code file}, if one was written. */
  public static Optional<DigestSidecar> read(Path file) throws IOException {
    Path sidecar = of(file);
    if (!Files.isRegularFile(sidecar)) {
      return Optional.empty();
    }
    String[] parts = Files.readString(sidecar).strip().split("\\s+");
    return Optional.of(
        new DigestSidecar(parts[0], parts.length > 1 ? Long.parseLong(parts[1]) : 0));
  }

  /** Whether {@code file} and its sidecar are both there: its writer finished. */
  public static boolean complete(Path file) {
    return Files.exists(file) && Files.isRegularFile(of(file));
  }

  /** Writes the sidecar of {@code file}, fsynced. */
  public void writeFor(Path file) throws IOException {
    SyncedFiles.write(of(file), revision == 0 ? sha256 + "\n" : sha256 + " " + revision + "\n");
  }
}
