package io.etcddr.activities.host;

import io.etcddr.activities.support.ActivityFailures;
import io.etcddr.contract.StepContext;
import io.etcddr.contract.host.HostActivities.FilesRequest;
import io.etcddr.contract.host.HostActivities.FilesResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import java.util.stream.Stream;

/** The file operations of `host.files`, confined to the agent's allowed paths. */
public final class HostFiles {

  /** Text read into a workflow history is bounded: histories are not file stores. */
  static final int MAX_READ = 256 * 1024;

  private final AgentPaths paths;

  HostFiles(AgentPaths paths) {
    this.paths = paths;
  }

  FilesResult apply(FilesRequest request, StepContext context) {
    Path file = paths.resolve(request.path());
    String action = request.action() == null ? "" : request.action();
    try {
      return switch (action) {
        case "read" -> read(file);
        case "write" -> write(file, request.content());
        case "backup" -> backup(file, context);
        case "remove" -> remove(file);
        default ->
            throw ActivityFailures.badInput(
                "action `" + action + "` is not one of read, write, backup, remove");
      };
    } catch (IOException e) {
      throw ActivityFailures.retryable(
          "cannot " + action + " " + request.path() + ": " + e.getClass().getSimpleName());
    }
  }

  private FilesResult read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      return new FilesResult(false, "", "");
    }
    if (Files.size(file) > MAX_READ) {
      throw ActivityFailures.badInput(
          paths.toNode(file) + " is larger than " + MAX_READ + " bytes; read it on the node");
    }
    return new FilesResult(true, Files.readString(file), "");
  }

  /**
   * Writes atomically; an unchanged file is left alone (same mtime), so a retry changes nothing.
   */
  private FilesResult write(Path file, String content) throws IOException {
    if (content == null) {
      throw ActivityFailures.badInput("write needs `content`");
    }
    boolean existed = Files.isRegularFile(file);
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    if (existed && java.util.Arrays.equals(Files.readAllBytes(file), bytes)) {
      return new FilesResult(true, "", "");
    }
    writeAtomically(file, bytes);
    return new FilesResult(existed, "", "");
  }

  public static void writeAtomically(Path file, byte[] bytes) throws IOException {
    Files.createDirectories(file.getParent());
    Set<PosixFilePermission> mode = Files.exists(file) ? Files.getPosixFilePermissions(file) : null;
    Path temp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
    try {
      try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        out.write(java.nio.ByteBuffer.wrap(bytes));
        out.force(true);
      }
      if (mode != null) {
        Files.setPosixFilePermissions(temp, mode);
      }
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** A copy named after the step: a retry of the same step finds it and returns it. */
  private FilesResult backup(Path file, StepContext context) throws IOException {
    if (!Files.exists(file)) {
      return new FilesResult(false, "", "");
    }
    return new FilesResult(true, "", paths.toNode(backupOnce(file, context)));
  }

  /** Where {@link #backupOnce} puts the copy of {@code file} for this step. */
  public static Path backupPath(Path file, StepContext context) {
    return stepFile(file, ".etcd-dr-backup-", context);
  }

  /** A file beside {@code file} that belongs to this step: the same on every attempt. */
  public static Path stepFile(Path file, String infix, StepContext context) {
    return file.resolveSibling(file.getFileName() + infix + tag(context));
  }

  /** A copy of {@code file} named after the step, made once: a retry finds it and returns it. */
  public static Path backupOnce(Path file, StepContext context) throws IOException {
    Path copy = backupPath(file, context);
    if (!Files.exists(copy)) {
      Path temp = copy.resolveSibling("." + copy.getFileName() + ".tmp");
      copyTree(file, temp);
      Files.move(temp, copy, StandardCopyOption.ATOMIC_MOVE);
    }
    return copy;
  }

  private FilesResult remove(Path file) throws IOException {
    if (!Files.exists(file)) {
      return new FilesResult(false, "", "");
    }
    if (file.equals(paths.root().normalize())) {
      throw ActivityFailures.badInput("refusing to remove the node's root");
    }
    HostTools.deleteTree(file);
    return new FilesResult(true, "", "");
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> tree = Files.walk(from)) {
      for (Path p : tree.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          try (InputStream in = Files.newInputStream(p)) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
          }
          Files.setPosixFilePermissions(target, Files.getPosixFilePermissions(p));
        }
      }
    }
  }

  private static String tag(StepContext context) {
    String key = context == null ? "manual" : context.idempotencyKey();
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
