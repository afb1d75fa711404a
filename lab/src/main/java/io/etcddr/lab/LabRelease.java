package io.etcddr.lab;

import io.etcddr.activities.host.HostTools;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The release archive the lab installs on its nodes, so that every lab agent runs as a real node's
 * would: {@code /opt/etcd-dr/bin/etcd-dr} on the archive's own Java runtime. The archive is
 * unpacked once per lab (and again when a newer one is built) and each node's {@code /opt/etcd-dr}
 * links to it, as one read-only software share would.
 */
final class LabRelease {

  static final String ENV = "ETCD_DR_RELEASE";
  private static final String SUFFIX = "-linux-x86_64.tar.gz";

  private LabRelease() {}

  /**
   * The archive: {@code $ETCD_DR_RELEASE}, else the one {@code mvn package} left beside the running
   * jar (or beside target/classes in a build).
   */
  static Path locate() throws IOException {
    String given = System.getenv(ENV);
    if (given != null && !given.isBlank()) {
      Path archive = Path.of(given);
      if (!Files.isRegularFile(archive)) {
        throw new IOException(ENV + "=" + given + " is not a file: point it at etcd-dr-*" + SUFFIX);
      }
      return archive;
    }
    Path beside = codeFolder();
    List<Path> found = new ArrayList<>();
    try (DirectoryStream<Path> archives = Files.newDirectoryStream(beside, "etcd-dr-*" + SUFFIX)) {
      archives.forEach(found::add);
    }
    if (found.size() != 1) {
      throw new IOException(
          (found.isEmpty() ? "no release archive etcd-dr-*" + SUFFIX : "several release archives")
              + " in "
              + beside
              + ": build it with `mvn package -pl worker -am` or set "
              + ENV);
    }
    return found.get(0);
  }

  /** Unpacks the archive under the lab's folder unless that copy is current; its home folder. */
  static Path install(LabLayout layout) throws IOException, InterruptedException {
    Path archive = locate();
    String name = archive.getFileName().toString();
    Path home =
        layout.dir().resolve("release").resolve(name.substring(0, name.length() - SUFFIX.length()));
    Path stamp = home.resolve(".installed-from");
    if (Files.isRegularFile(stamp)
        && Files.getLastModifiedTime(stamp).compareTo(Files.getLastModifiedTime(archive)) >= 0) {
      return home;
    }
    Path unpacking = home.resolveSibling(".unpacking");
    HostTools.deleteTree(unpacking);
    Files.createDirectories(unpacking);
    Process tar =
        new ProcessBuilder("tar", "-xzf", archive.toString(), "-C", unpacking.toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    if (!tar.waitFor(120, TimeUnit.SECONDS) || tar.exitValue() != 0) {
      tar.destroyForcibly();
      throw new IOException("could not unpack " + archive + " (tar failed): is it complete?");
    }
    HostTools.deleteTree(home);
    Files.move(unpacking.resolve(home.getFileName()), home, StandardCopyOption.ATOMIC_MOVE);
    HostTools.deleteTree(unpacking);
    Files.writeString(stamp, archive.toString());
    return home;
  }

  /** Links the node's /opt/etcd-dr to the lab's install; the path its unit's ExecStart names. */
  static Path linkInto(Path nodeRoot, Path home) throws IOException {
    Path opt = Files.createDirectories(nodeRoot.resolve("opt"));
    Path link = opt.resolve("etcd-dr");
    if (!Files.isSymbolicLink(link) || !Files.readSymbolicLink(link).equals(home)) {
      Files.deleteIfExists(link);
      Files.createSymbolicLink(link, home);
    }
    return link.resolve("bin").resolve("etcd-dr");
  }

  private static Path codeFolder() throws IOException {
    try {
      File code =
          new File(LabRelease.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return code.toPath().toAbsolutePath().getParent();
    } catch (URISyntaxException e) {
      throw new IOException("cannot tell where etcd-dr runs from: set " + ENV, e);
    }
  }
}
