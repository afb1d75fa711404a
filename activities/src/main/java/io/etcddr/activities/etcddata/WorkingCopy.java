package io.etcddr.activities.etcddata;

import io.etcddr.activities.host.HostTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * A copy of a stopped member's data dir to work on, so that the original (data kept aside as
 * evidence) is only ever read. Made under a temporary name and renamed when complete: a copy
 * interrupted halfway is made again, a complete one is reused.
 */
final class WorkingCopy {

  private WorkingCopy() {}

  static Path of(Path source, Path target) throws IOException {
    if (Files.isDirectory(target)) {
      return target;
    }
    Path partial = target.resolveSibling(target.getFileName() + ".partial");
    HostTools.deleteTree(partial);
    Files.createDirectories(partial);
    try (Stream<Path> files = Files.walk(source)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Path copy = partial.resolve(source.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(copy);
        } else {
          Files.copy(file, copy, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
    Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
    return target;
  }
}
