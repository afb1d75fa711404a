package io.etcddr.deploy;

import io.etcddr.testing.Prerequisites;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The release archive `mvn package` left in target/, unpacked for a test with the system's tar. */
final class ReleaseArchive {

  private ReleaseArchive() {}

  static Path file() throws IOException {
    try (DirectoryStream<Path> found =
        Files.newDirectoryStream(Path.of("target"), "etcd-dr-*-linux-x86_64.tar.gz")) {
      for (Path archive : found) {
        return archive;
      }
    }
    Prerequisites.need()
        .check(false, "the release archive target/etcd-dr-*-linux-x86_64.tar.gz (mvn package)")
        .orSkip();
    throw new IllegalStateException("unreachable: orSkip fails or skips");
  }

  /** Unpacks it into {@code dir}; its home folder (etcd-dr-VERSION). */
  static Path unpack(Path dir) throws Exception {
    Path archive = file();
    Process tar =
        new ProcessBuilder("tar", "-xzf", archive.toAbsolutePath().toString(), "-C", dir.toString())
            .inheritIO()
            .start();
    if (!tar.waitFor(120, TimeUnit.SECONDS) || tar.exitValue() != 0) {
      throw new IOException("tar could not unpack " + archive);
    }
    String name = archive.getFileName().toString();
    return dir.resolve(name.substring(0, name.length() - "-linux-x86_64.tar.gz".length()));
  }
}
