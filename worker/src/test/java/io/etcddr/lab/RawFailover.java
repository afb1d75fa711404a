package io.etcddr.lab;

import com.github.dockerjava.api.command.InspectContainerResponse;
import io.etcddr.activities.docker.DockerEngine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The failover to the learner done by hand, as the SRE did it, with the raw commands and nothing
 * else: docker stop, cp of the backend, etcdutl snapshot restore --skip-hash-check in the etcd
 * image, docker run of etcd on the restored data (its flags read off the learner's container, as
 * runlike would), then the first put. Each command is timed; the benchmark sets them beside
 * failover-to-learner's steps.
 */
final class RawFailover {

  /** The last entry: from `docker run` returning to the first write etcd accepted. */
  static final String FIRST_PUT = "first put (etcdctl, retried)";

  private final Lab lab;
  private final String node;
  private final Map<String, Double> seconds = new LinkedHashMap<>();

  RawFailover(Lab lab, String node) {
    this.lab = lab;
    this.node = node;
  }

  /** Each command's wall time in seconds, in the order they ran. */
  Map<String, Double> run() throws Exception {
    String docker = lab.layout().docker(node).host();
    Path root = lab.layout().root(node);
    String address = lab.node(node).address();
    InspectContainerResponse learner;
    try (DockerEngine engine = DockerEngine.connect(docker)) {
      learner = engine.client().inspectContainerCmd("etcd").exec();
    }
    String image = learner.getConfig().getImage();
    timed(
        "docker stop kube-apiserver", "docker", "-H", docker, "stop", "-t", "30", "kube-apiserver");
    timed("docker stop etcd", "docker", "-H", docker, "stop", "-t", "30", "etcd");
    timed(
        "cp member/snap/db",
        "cp",
        root.resolve("var/lib/etcd/member/snap/db").toString(),
        root.resolve("var/lib/etcd-dr/raw.db").toString());
    String peer = "https://" + address + ":2380";
    timed(
        "etcdutl snapshot restore",
        "docker",
        "-H",
        docker,
        "run",
        "--rm",
        "--network",
        "none",
        "-v",
        root.resolve("var/lib") + ":/var/lib",
        image,
        "/usr/local/bin/etcdutl",
        "snapshot",
        "restore",
        "/var/lib/etcd-dr/raw.db",
        "--skip-hash-check",
        "--bump-revision",
        "1000000000",
        "--mark-compacted",
        "--name",
        "etcd-" + node,
        "--data-dir",
        "/var/lib/etcd-raw",
        "--initial-cluster",
        "etcd-" + node + "=" + peer,
        "--initial-advertise-peer-urls",
        peer,
        "--initial-cluster-token",
        "raw-failover");
    timed("docker rename etcd", "docker", "-H", docker, "rename", "etcd", "etcd-learner");
    List<String> run =
        new ArrayList<>(
            List.of("docker", "-H", docker, "run", "-d", "--name", "etcd", "--network", "host"));
    run.addAll(List.of("-v", root.resolve("var/lib/etcd-raw") + ":/var/lib/etcd-raw"));
    for (var bind : learner.getHostConfig().getBinds()) {
      if (!bind.getVolume().getPath().startsWith("/var/lib/rancher/etcd")) {
        run.addAll(List.of("-v", bind.getPath() + ":" + bind.getVolume().getPath()));
      }
    }
    run.add(image);
    Map<String, String> changed =
        Map.of(
            "--name", "etcd-" + node,
            "--data-dir", "/var/lib/etcd-raw",
            "--initial-cluster", "etcd-" + node + "=" + peer,
            "--initial-cluster-state", "new",
            "--initial-cluster-token", "raw-failover");
    for (String arg : learner.getConfig().getCmd()) {
      String flag = arg.split("=", 2)[0];
      run.add(changed.containsKey(flag) ? flag + "=" + changed.get(flag) : arg);
    }
    timed("docker run etcd", run.toArray(String[]::new));
    LabLayout layout = lab.layout();
    long start = System.nanoTime();
    while (true) {
      Process put =
          new ProcessBuilder(
                  "etcdctl",
                  "--endpoints=https://" + address + ":2379",
                  "--cacert=" + layout.workerCert("ca"),
                  "--cert=" + layout.workerCert("cert"),
                  "--key=" + layout.workerCert("key"),
                  "--command-timeout=1s",
                  "put",
                  "/bench/first-write",
                  "raw")
              .redirectErrorStream(true)
              .start();
      put.getInputStream().readAllBytes();
      if (put.waitFor() == 0) {
        break;
      }
      if (System.nanoTime() - start > 60_000_000_000L) {
        throw new IOException("the restored etcd took no write within 60 s");
      }
      Thread.sleep(20);
    }
    seconds.put(FIRST_PUT, (System.nanoTime() - start) / 1e9);
    return seconds;
  }

  private void timed(String what, String... command) throws IOException, InterruptedException {
    long start = System.nanoTime();
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IOException(what + " failed: " + output.strip());
    }
    seconds.put(what, (System.nanoTime() - start) / 1e9);
  }
}
