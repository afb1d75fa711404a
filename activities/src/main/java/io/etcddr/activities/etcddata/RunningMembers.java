package io.etcddr.activities.etcddata;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Whether some process on this node holds a member's data open: copying a running member's db can
 * give a torn file (docs/facts.md), so the copy refuses instead.
 */
final class RunningMembers {

  private RunningMembers() {}

  /** The pid of a process with an open file under {@code dataDir}, if any (Linux /proc). */
  static Optional<Long> holding(Path dataDir) {
    Path target = dataDir.toAbsolutePath().normalize();
    try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
      return processes
          .filter(p -> p.getFileName().toString().matches("\\d+"))
          .filter(p -> holds(p, target))
          .map(p -> Long.parseLong(p.getFileName().toString()))
          .findFirst();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static boolean holds(Path process, Path dataDir) {
    try (Stream<Path> fds = Files.list(process.resolve("fd"))) {
      return fds.anyMatch(
          fd -> {
            try {
              return Files.readSymbolicLink(fd).startsWith(dataDir);
            } catch (IOException | UnsupportedOperationException e) {
              return false;
            }
          });
    } catch (IOException | SecurityException e) {
      return false; // gone, or not ours to look at
    }
  }
}
