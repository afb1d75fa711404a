package io.etcddr.activities.host;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Small files written so that they survive a power cut: the data, then their folder, fsynced. */
public final class SyncedFiles {

  private SyncedFiles() {}

  /** Writes {@code text} to {@code file}, fsyncs it, and fsyncs its folder (a new name). */
  public static void write(Path file, String text) throws IOException {
    try (FileChannel channel =
        FileChannel.open(
            file,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      channel.write(java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
      channel.force(true);
    }
    Path dir = file.toAbsolutePath().getParent();
    if (dir != null) {
      syncDir(dir);
    }
  }

  /**
   * Replaces {@code file} with {@code text} atomically: written and fsynced beside it, renamed over
   * it, its folder fsynced. A power cut leaves the old content or the new, never a part of it.
   */
  public static void replace(Path file, String text) throws IOException {
    java.nio.file.Files.createDirectories(file.toAbsolutePath().getParent());
    Path temp = file.resolveSibling("." + file.getFileName() + ".tmp");
    write(temp, text);
    java.nio.file.Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    syncDir(file.toAbsolutePath().getParent());
  }

  /** Makes renames and creations in {@code dir} survive a power cut (Linux: fsync on the dir). */
  public static void syncDir(Path dir) throws IOException {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }
}
