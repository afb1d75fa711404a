package io.etcddr.lab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What a process appended to its log since a given size (its lines of one replay or cell), or the
 * last lines it wrote (for a failure message).
 */
final class LogTail {

  private LogTail() {}

  static long size(Path log) throws IOException {
    return Files.exists(log) ? Files.size(log) : 0;
  }

  /** The log's last {@code count} lines; none while the log is missing. */
  static List<String> lastLines(Path log, int count) throws IOException {
    List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
    return lines.subList(Math.max(0, lines.size() - count), lines.size());
  }

  /** The text after the first {@code from} bytes; empty while the log is missing. */
  static String from(Path log, long from) {
    try {
      if (!Files.exists(log)) {
        return "";
      }
      byte[] all = Files.readAllBytes(log);
      int start = (int) Math.min(from, all.length);
      return new String(all, start, all.length - start, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
