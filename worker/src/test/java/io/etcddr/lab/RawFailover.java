package io.etcddr.lab;

import com.github.dockerjava.api.command.InspectContainerResponse;
import io.etcddr.activities.docker.DockerEngine;
import io.etcddr.process.FreePort;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The failover to the learner done by hand with the raw commands and nothing else, in two ways.
 * {@link #naive}: docker stop, cp of the backend, etcdutl snapshot restore --skip-hash-check in the
 * etcd image, docker run of etcd on the restored data (its flags read off the learner's container,
 * as runlike would), then the first put. {@link #sameSafety}: what a careful SRE adds to keep what
 * etcd-dr keeps — the voters' status first (quorum lost?), the stopped learner's WAL replayed into
 * its backend first (etcd started on its data on loopback ports until it has applied every
 * committed entry, then stopped), the copy fsynced and its sha256 recorded, and checked before the
 * restore. Each command is timed; the benchmark sets them beside failover-to-learner's steps.
 */
final class RawFailover {

  /** The last entry: from `docker run` returning to the first write etcd accepted. */
  static final String FIRST_PUT = "first put (etcdctl, retried)";

  static final String CONFIRM_LOST = "etcdctl endpoint status per voter, at once (2 s timeout)";
  static final String WAL_REPLAY = "replay the WAL (etcd on the data, until applied = committed)";
  static final String COPY = "cp member/snap/db";
  static final String SYNC = "sync (fsync the copy)";
  static final String DIGEST = "sha256sum (record)";
  static final String DIGEST_CHECK = "sha256sum -c (before the restore)";

  private final Lab lab;
  private final String node;
  private final boolean careful;
  private final Map<String, Double> seconds = new LinkedHashMap<>();

  private RawFailover(Lab lab, String node, boolean careful) {
    this.lab = lab;
    this.node = node;
    this.careful = careful;
  }

  /** The fewest commands that bring etcd back: today's baseline. */
  static RawFailover naive(Lab lab, String node) {
    return new RawFailover(lab, node, false);
  }

  /** The same safety steps etcd-dr takes, each as the command a careful SRE would type. */
  static RawFailover sameSafety(Lab lab, String node) {
    return new RawFailover(lab, node, true);
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
    if (careful) {
      confirmQuorumLost();
    }
    timed(
        "docker stop kube-apiserver", "docker", "-H", docker, "stop", "-t", "30", "kube-apiserver");
    timed("docker stop etcd", "docker", "-H", docker, "stop", "-t", "30", "etcd");
    Path copy = root.resolve("var/lib/etcd-dr/raw.db");
    if (careful) {
      replayWal(root.resolve("var/lib/etcd"));
    }
    timed(COPY, "cp", root.resolve("var/lib/etcd/member/snap/db").toString(), copy.toString());
    if (careful) {
      timed(SYNC, "sync", copy.toString());
      String name = copy.getFileName().toString();
      timedIn(DIGEST, copy.getParent(), "sh", "-c", "sha256sum " + name + " > " + name + ".sha256");
      timedIn(DIGEST_CHECK, copy.getParent(), "sha256sum", "-c", name + ".sha256");
    }
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
    long start = System.nanoTime();
    awaitFirstPut(lab, "https://" + address + ":2379", start);
    seconds.put(FIRST_PUT, (System.nanoTime() - start) / 1e9);
    return seconds;
  }

  /**
   * What a careful SRE runs first: each voter's status, all at once (as etcd-dr asks them; etcdctl
   * given several endpoints asks one after the other), each given the 2 s etcd-dr gives it.
   */
  private void confirmQuorumLost() throws IOException, InterruptedException {
    List<String> voters =
        lab.nodes().stream()
            .filter(LabNode::etcd)
            .filter(n -> !n.name().equals(node))
            .map(n -> "https://" + n.address() + ":2379")
            .toList();
    StringBuilder script = new StringBuilder("pids=''\n");
    for (String voter : voters) {
      List<String> status =
          etcdctl(
              "--dial-timeout=2s",
              "--command-timeout=2s",
              "--endpoints=" + voter,
              "endpoint",
              "status");
      script.append(String.join(" ", status));
      script.append(" >/dev/null 2>&1 & pids=\"$pids $!\"\n");
    }
    script.append("n=0; for p in $pids; do wait $p && n=$((n+1)); done; echo $n");
    long start = System.nanoTime();
    Process status = new ProcessBuilder("sh", "-c", script.toString()).start();
    String answered =
        new String(status.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    status.waitFor();
    seconds.put(CONFIRM_LOST, (System.nanoTime() - start) / 1e9);
    if (Integer.parseInt(answered) * 2 > voters.size()) {
      throw new IOException(answered + " of " + voters.size() + " voters answer: no failover");
    }
  }

  /**
   * The first put etcd at {@code url} accepts, tried as an SRE would: a new etcdctl every 20 ms,
   * each given 1 s. Both sides of the bench wait for the restored etcd with this probe.
   */
  static long awaitFirstPut(Lab lab, String url, long since)
      throws IOException, InterruptedException {
    while (true) {
      Process put =
          new ProcessBuilder(
                  etcdctl(
                      lab,
                      "--endpoints=" + url,
                      "--command-timeout=1s",
                      "put",
                      "/bench/first-write",
                      "first"))
              .redirectErrorStream(true)
              .start();
      put.getInputStream().readAllBytes();
      if (put.waitFor() == 0) {
        return System.nanoTime();
      }
      if (System.nanoTime() - since > 60_000_000_000L) {
        throw new IOException("the restored etcd took no write within 60 s");
      }
      Thread.sleep(20);
    }
  }

  /** etcdctl with the worker's client certificate, then {@code args}. */
  private List<String> etcdctl(String... args) {
    return etcdctl(lab, args);
  }

  private static List<String> etcdctl(Lab lab, String... args) {
    LabLayout layout = lab.layout();
    List<String> command =
        new ArrayList<>(
            List.of(
                "etcdctl",
                "--cacert=" + layout.workerCert("ca"),
                "--cert=" + layout.workerCert("cert"),
                "--key=" + layout.workerCert("key")));
    command.addAll(List.of(args));
    return command;
  }

  /**
   * etcd started on the stopped member's data dir, alone and on loopback ports, until it has
   * applied the commit index raft logs at start; then SIGTERM, which commits its backend. An SRE's
   * loop of grep and curl, as a script.
   */
  private void replayWal(Path dataDir) throws IOException, InterruptedException {
    Path etcd = lab.versions().learner().bin().resolve("etcd");
    Path log = dataDir.resolveSibling("etcd-raw-replay.log");
    int client = FreePort.on("127.0.0.1");
    int peer = FreePort.on("127.0.0.1");
    int metrics = FreePort.on("127.0.0.1");
    String script =
        String.join(
            "\n",
            etcd
                + " --name raw-replay --data-dir "
                + dataDir
                + " --listen-client-urls http://127.0.0.1:"
                + client
                + " --advertise-client-urls http://127.0.0.1:"
                + client
                + " --listen-peer-urls http://127.0.0.1:"
                + peer
                + " --listen-metrics-urls http://127.0.0.1:"
                + metrics
                + " > "
                + log
                + " 2>&1 &",
            "pid=$!",
            "until commit=$(grep -o 'newRaft.*commit: [0-9]*' "
                + log
                + " | grep -o '[0-9]*$')"
                + " && applied=$(curl -s http://127.0.0.1:"
                + metrics
                + "/metrics | grep '^etcd_server_proposals_applied_total' | cut -d' ' -f2)"
                + " && [ -n \"$commit\" ] && [ -n \"$applied\" ] && [ \"$applied\" -ge \"$commit\" ];"
                + " do kill -0 $pid || exit 1; sleep 0.1; done",
            "kill -TERM $pid",
            "wait $pid || true");
    timed(WAL_REPLAY, "sh", "-c", script);
  }

  private void timed(String what, String... command) throws IOException, InterruptedException {
    timedIn(what, null, command);
  }

  private void timedIn(String what, Path dir, String... command)
      throws IOException, InterruptedException {
    long start = System.nanoTime();
    Process process =
        new ProcessBuilder(command)
            .directory(dir == null ? null : dir.toFile())
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IOException(what + " failed: " + output.strip());
    }
    seconds.put(what, (System.nanoTime() - start) / 1e9);
  }
}
