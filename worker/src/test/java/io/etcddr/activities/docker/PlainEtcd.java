package io.etcddr.activities.docker;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** A throw-away etcd on plain HTTP and etcdctl against it: the source of a test's snapshot. */
final class PlainEtcd {

  private PlainEtcd() {}

  /** A single member serving plain HTTP, its output in {@code log}. */
  static Process start(String name, String address, Path dataDir, Path log) throws Exception {
    return new ProcessBuilder(
            "etcd",
            "--name=" + name,
            "--data-dir=" + dataDir,
            "--listen-client-urls=http://" + address + ":2379",
            "--advertise-client-urls=http://" + address + ":2379",
            "--listen-peer-urls=http://" + address + ":2380",
            "--initial-advertise-peer-urls=http://" + address + ":2380",
            "--initial-cluster=" + name + "=http://" + address + ":2380")
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  /** etcdctl against a fresh member, retried while it starts. */
  static String etcdctl(String address, String... args) throws Exception {
    List<String> command =
        new java.util.ArrayList<>(List.of("etcdctl", "--endpoints=http://" + address + ":2379"));
    command.addAll(List.of(args));
    String output = "";
    for (int i = 0; i < 40; i++) {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (p.waitFor() == 0) {
        return output;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("etcdctl " + String.join(" ", args) + ": " + output);
  }
}
