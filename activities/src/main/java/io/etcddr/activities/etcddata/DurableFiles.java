package io.etcddr.activities.etcddata;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Files written so that a crash never leaves a half-written one under its name (a temporary
 * sibling, fsynced, renamed), and their sha256: snapshots, backend copies, restore markers.
 */
public final class DurableFiles {

  private DurableFiles() {}

  /** Something that streams a file's content. */
  @FunctionalInterface
  interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  /**
   * Streams content to a temporary sibling, fsyncs it and renames it into place, so a crash never
   * leaves a half-written file under the target's name; returns the content's sha256.
   */
  static String write(Path target, Content content) throws IOException {
    Files.createDirectories(target.toAbsolutePath().getParent());
    Path temp = target.resolveSibling("." + target.getFileName() + ".partial");
    MessageDigest digest = sha256();
    try (FileChannel channel =
            FileChannel.open(
                temp,
                StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
        OutputStream out =
            new DigestOutputStream(java.nio.channels.Channels.newOutputStream(channel), digest)) {
      content.writeTo(out);
      out.flush();
      channel.force(true);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(temp); // a full disk stays full with it; a retry starts over anyway
      throw e;
    }
    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return HexFormat.of().formatHex(digest.digest());
  }

  /**
   * What a failed write says: for a full file system, how much room there is against what was
   * needed, so the operator knows what to free.
   */
  static String whyNotWritten(Path target, long needed, IOException e) {
    String message = String.valueOf(e.getMessage());
    if (!message.contains("No space left")) {
      return message;
    }
    try {
      FileStore store = Files.getFileStore(target.toAbsolutePath().getParent());
      return "no space left on the file system of "
          + target
          + ": "
          + store.getUsableSpace() / (1 << 20)
          + " MiB free of "
          + store.getTotalSpace() / (1 << 20)
          + " MiB, "
          + needed / (1 << 20)
          + " MiB needed; nothing was left behind, free space and retry";
    } catch (IOException unknown) {
      return "no space left on the file system of " + target + "; free space and retry";
    }
  }

  public static String sha256File(Path file) throws IOException {
    MessageDigest digest = sha256();
    try (InputStream in = new java.security.DigestInputStream(Files.newInputStream(file), digest)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  static void writeSynced(Path file, String text) throws IOException {
    io.etcddr.activities.host.SyncedFiles.write(file, text);
  }

  /** Makes renames and creations in {@code dir} survive a power cut (Linux: fsync on the dir). */
  static void syncDir(Path dir) throws IOException {
    io.etcddr.activities.host.SyncedFiles.syncDir(dir);
  }

  static String sha256Hex(String text) {
    return HexFormat.of().formatHex(sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
