package io.etcddr.lab;

import com.github.dockerjava.api.exception.NotFoundException;
import io.etcddr.activities.docker.DockerEngine;
import io.etcddr.activities.etcd.EtcdVersion;
import io.etcddr.activities.host.HostTools;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The lab's images, built without a registry (docs/facts.md): a root file system with one etcd
 * version's binaries (Debian's packages) and the libraries `ldd` names, busybox for a shell, and
 * the kube-apiserver stand-in script, imported with `docker import` and tagged as RKE tags its
 * images ({@code rancher/mirrored-coreos-etcd:v3.5.30}).
 */
public final class LabImage {

  static final String APISERVER_IMAGE = "rancher/hyperkube:v1.20.15-etcd-dr-lab";
  private static final String STANDIN = "/io/etcddr/lab/kube-apiserver-standin.sh";
  private static final List<String> APPLETS =
      List.of(
          "sh", "sleep", "date", "echo", "cat", "grep", "sed", "ls", "mkdir", "rm", "mv", "cp",
          "env", "head", "tail", "wc", "tr", "test", "[", "true", "false", "kill", "ps", "id");

  private final EtcdVersion version;

  private LabImage(EtcdVersion version) {
    this.version = version;
  }

  /** The image of one etcd version; fails when its binaries are missing (run bin/setup). */
  public static LabImage of(EtcdVersion version) {
    if (!version.installed()) {
      throw new IllegalStateException(
          version + " is not installed at " + version.bin() + "; run bin/setup (bin/fetch-etcd)");
    }
    return new LabImage(version);
  }

  public EtcdVersion version() {
    return version;
  }

  /** RKE's etcd image name for this etcd version. */
  public String etcdImage() {
    return "rancher/mirrored-coreos-etcd:v" + version.release();
  }

  public String apiserverImage() {
    return APISERVER_IMAGE;
  }

  /** Writes the root file system as a tar (once; reused by every node). */
  public Path buildTar(Path tar) throws IOException, InterruptedException {
    if (Files.exists(tar)) {
      return tar;
    }
    Map<String, Path> files = new LinkedHashMap<>();
    for (String tool : List.of("etcd", "etcdctl", "etcdutl")) {
      Path binary = version.bin().resolve(tool);
      if (Files.isExecutable(binary)) {
        files.put("usr/local/bin/" + tool, binary);
        for (String library : libraries(binary)) {
          files.put(library.substring(1), Path.of(library));
        }
      }
    }
    files.put("bin/busybox", which("busybox"));
    Path partial = tar.resolveSibling(tar.getFileName() + ".partial");
    try (OutputStream file = Files.newOutputStream(partial);
        TarArchiveOutputStream out = new TarArchiveOutputStream(file)) {
      out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (String dir : List.of("bin/", "etc/", "tmp/", "var/lib/etcd/", "usr/local/bin/")) {
        TarArchiveEntry entry = new TarArchiveEntry(dir);
        entry.setMode(dir.equals("tmp/") ? 01777 : 0755);
        out.putArchiveEntry(entry);
        out.closeArchiveEntry();
      }
      for (var f : files.entrySet()) {
        TarArchiveEntry entry = new TarArchiveEntry(f.getValue().toRealPath().toFile(), f.getKey());
        entry.setMode(0755);
        out.putArchiveEntry(entry);
        Files.copy(f.getValue().toRealPath(), out);
        out.closeArchiveEntry();
      }
      for (String applet : APPLETS) {
        TarArchiveEntry link = new TarArchiveEntry("bin/" + applet, TarArchiveEntry.LF_SYMLINK);
        link.setLinkName("busybox");
        out.putArchiveEntry(link);
        out.closeArchiveEntry();
      }
      addText(out, "etc/passwd", "root:x:0:0:root:/:/bin/sh\n", 0644);
      addText(out, "usr/local/bin/kube-apiserver", standinScript(), 0755);
    }
    Files.move(partial, tar, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    return tar;
  }

  /** Imports the tar into a node's engine under both tags, unless they are there. */
  public void importInto(DockerEngine engine, Path tar) throws IOException {
    if (has(engine, etcdImage()) && has(engine, apiserverImage())) {
      return;
    }
    // `docker import` itself: docker-java's streamed import (createImageCmd) arrives truncated at
    // dockerd 20.10 ("ApplyLayer ... unexpected EOF") while the CLI's upload of the same tar works.
    String output;
    try {
      output =
          run(
              List.of(
                  which("docker").toString(),
                  "--host",
                  engine.host(),
                  "import",
                  tar.toString(),
                  etcdImage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while importing the image", e);
    }
    if (!has(engine, etcdImage())) {
      throw new IOException("docker import failed: " + output.strip());
    }
    String[] apiTag = apiserverImage().split(":");
    engine.client().tagImageCmd(etcdImage(), apiTag[0], apiTag[1]).exec();
  }

  private static boolean has(DockerEngine engine, String image) {
    try {
      engine.client().inspectImageCmd(image).exec();
      return true;
    } catch (NotFoundException missing) {
      return false;
    }
  }

  private static void addText(TarArchiveOutputStream out, String name, String text, int mode)
      throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(bytes.length);
    entry.setMode(mode);
    out.putArchiveEntry(entry);
    out.write(bytes);
    out.closeArchiveEntry();
  }

  private static String standinScript() throws IOException {
    try (InputStream in = LabImage.class.getResourceAsStream(STANDIN)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** The shared libraries and the loader a dynamic binary needs, as `ldd` lists them. */
  private static List<String> libraries(Path binary) throws IOException, InterruptedException {
    List<String> found = new ArrayList<>();
    String output = run(List.of("ldd", binary.toString()));
    Matcher m = Pattern.compile("(/\\S+) \\(0x").matcher(output);
    while (m.find()) {
      found.add(m.group(1));
    }
    return found;
  }

  private static Path which(String tool) {
    Path found = HostTools.onPath(tool);
    if (found == null) {
      throw new IllegalStateException(
          tool
              + " is not installed; run bin/setup (apt-get install etcd-server etcd-client"
              + " busybox-static)");
    }
    return found;
  }

  private static String run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    return out;
  }
}
