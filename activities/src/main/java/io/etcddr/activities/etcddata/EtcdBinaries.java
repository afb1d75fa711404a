package io.etcddr.activities.etcddata;

import io.etcddr.activities.etcd.EtcdVersion;
import io.etcddr.activities.host.ChildProcesses;
import io.etcddr.activities.host.HostTools;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The etcd tools on this node: `etcd`, and `etcdutl` (3.5+; in 3.6 `etcdctl snapshot restore` is
 * gone) or else `etcdctl`. Output is kept bounded for error messages.
 */
public record EtcdBinaries(Path etcd, Path restoreTool, boolean etcdutl) {

  public static EtcdBinaries find() {
    Path etcdutl = HostTools.onPath("etcdutl");
    return new EtcdBinaries(
        HostTools.onPath("etcd"),
        etcdutl != null ? etcdutl : HostTools.onPath("etcdctl"),
        etcdutl != null);
  }

  /** The tools of one etcd version on this machine (the system's 3.4, or a cached 3.5). */
  public static EtcdBinaries of(EtcdVersion version) {
    return new EtcdBinaries(
        version.etcd(),
        version.hasEtcdutl() ? version.etcdutl() : version.etcdctl(),
        version.hasEtcdutl());
  }

  /**
   * The tools inside an etcd image (RKE's and etcd's images keep them in /usr/local/bin): etcdutl
   * from 3.5 (it bumps revisions; 3.6 has no `etcdctl snapshot restore`), etcdctl before.
   */
  public static EtcdBinaries inImage(String image) {
    java.util.regex.Matcher version =
        java.util.regex.Pattern.compile(":v?3\\.(\\d+)").matcher(image);
    // etcdutl is in every etcd image from 3.5 on; 3.6 removed `etcdctl snapshot restore`.
    boolean etcdutl = version.find() && Integer.parseInt(version.group(1)) >= 5;
    Path bin = Path.of("/usr/local/bin");
    return new EtcdBinaries(
        bin.resolve("etcd"), bin.resolve(etcdutl ? "etcdutl" : "etcdctl"), etcdutl);
  }

  /** Runs a tool to completion; returns its exit code and up to 4 KiB of its output. */
  static Result run(List<String> command, long timeoutSeconds)
      throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(ChildProcesses.diesWithAgent(command)).redirectErrorStream(true).start();
    byte[] output = process.getInputStream().readNBytes(4096);
    process.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return new Result(-1, "timed out after " + timeoutSeconds + " s");
    }
    return new Result(
        process.exitValue(), new String(output, java.nio.charset.StandardCharsets.UTF_8).strip());
  }

  record Result(int exitCode, String output) {}

  /**
   * @param bumpRevision with etcdutl and above 0: {@code --bump-revision N --mark-compacted}
   */
  List<String> restoreCommand(
      Path source,
      Path dataDir,
      String name,
      String peerUrl,
      String initialCluster,
      String token,
      boolean skipHashCheck,
      long bumpRevision) {
    List<String> command =
        new ArrayList<>(List.of(restoreTool.toString(), "snapshot", "restore", source.toString()));
    if (skipHashCheck) {
      command.add("--skip-hash-check");
    }
    command.addAll(
        List.of(
            "--name",
            name,
            "--data-dir",
            dataDir.toString(),
            "--initial-cluster",
            initialCluster == null || initialCluster.isBlank()
                ? name + "=" + peerUrl
                : initialCluster,
            "--initial-advertise-peer-urls",
            peerUrl,
            "--initial-cluster-token",
            token));
    if (etcdutl && bumpRevision > 0) {
      command.addAll(List.of("--bump-revision", Long.toString(bumpRevision), "--mark-compacted"));
    }
    return command;
  }
}
