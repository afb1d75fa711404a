package io.etcddr.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.etcd.jetcd.Client;
import io.etcddr.activities.docker.ContainerAllowList;
import io.etcddr.activities.docker.ContainerSpec;
import io.etcddr.activities.docker.DockerActivitiesImpl;
import io.etcddr.activities.docker.DockerEngine;
import io.etcddr.activities.etcd.EtcdClients;
import io.etcddr.activities.etcd.EtcdTls;
import io.etcddr.activities.host.AgentPaths;
import io.etcddr.activities.host.HostFiles;
import io.etcddr.activities.host.HostTools;
import io.etcddr.contract.docker.DockerActivities.RunEtcdRequest;
import io.etcddr.contract.docker.DockerActivities.StopRequest;
import io.etcddr.contract.docker.DockerActivities.Target;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * The lab's `rke`: RKE itself cannot run here (no SSH, no Kubernetes images), so this stand-in
 * checks the cluster.yml it is given the way RKE does for the etcd plane, fails with RKE's own
 * fatal errors for the inputs of the original DR attempt, and for an external etcd points every
 * live control plane node's kube-apiserver at it, as `rke up` would. It keeps the etcd plane of the
 * last successful run in cluster.rkestate beside cluster.yml, as RKE does.
 */
public final class RkeStandIn {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The file beside cluster.yml where every invocation is recorded. */
  static final String INVOCATIONS = "rke-invocations.log";

  private final PrintStream out;

  RkeStandIn(PrintStream out) {
    this.out = out;
  }

  public static void main(String[] args) {
    System.exit(new RkeStandIn(System.out).run(args));
  }

  int run(String[] args) {
    if (args.length != 3 || !args[0].equals("up") || !args[1].equals("--config")) {
      out.println("FATA[0000] usage: rke up --config cluster.yml (etcd-dr lab stand-in)");
      return 2;
    }
    out.println("INFO[0000] Running RKE version: v1.2.21 (etcd-dr lab stand-in)");
    Path config = Path.of(args[2]).toAbsolutePath();
    Path invocations = config.resolveSibling(INVOCATIONS);
    record(invocations, "start " + stillRunning(invocations));
    int exit = up(config);
    record(invocations, "end " + exit);
    return exit;
  }

  /**
   * Every run, counted where it happens (fault tests check that no retry ran `rke up` twice at
   * once): "EPOCH_MILLIS PID start N" (N: earlier runs still alive as this one starts) and
   * "EPOCH_MILLIS PID end EXIT" lines beside cluster.yml.
   */
  private static long stillRunning(Path invocations) {
    try {
      if (!Files.exists(invocations)) {
        return 0;
      }
      java.util.Set<Long> open = new java.util.HashSet<>();
      for (String line : Files.readAllLines(invocations)) {
        String[] parts = line.split(" ");
        long pid = Long.parseLong(parts[1]);
        if (parts[2].equals("start")) {
          open.add(pid);
        } else {
          open.remove(pid);
        }
      }
      return open.stream().filter(pid -> ProcessHandle.of(pid).isPresent()).count();
    } catch (java.io.IOException | RuntimeException e) {
      return -1; // unknown: a test reading the log fails on it
    }
  }

  private static void record(Path invocations, String event) {
    try {
      Files.writeString(
          invocations,
          System.currentTimeMillis() + " " + ProcessHandle.current().pid() + " " + event + "\n",
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private int up(Path config) {
    try {
      JsonNode cluster = YAML.readTree(config.toFile());
      Path state = config.resolveSibling("cluster.rkestate");
      List<String> external = texts(cluster.path("services").path("etcd").path("external_urls"));
      TreeSet<String> etcdHosts = new TreeSet<>();
      for (JsonNode node : cluster.path("nodes")) {
        if (texts(node.path("role")).contains("etcd")) {
          etcdHosts.add(node.path("address").asText());
        }
      }
      if (external.isEmpty() && etcdHosts.isEmpty()) {
        return fatal(
            "Cluster must have at least one etcd plane host: please specify one or more etcd in"
                + " cluster config");
      }
      if (!external.isEmpty() && !etcdHosts.isEmpty()) {
        return fatal("External etcd can't be used with etcd plane hosts: " + etcdHosts);
      }
      TreeSet<String> before = new TreeSet<>(texts(readState(state).path("etcdHosts")));
      if (external.isEmpty()) {
        TreeSet<String> kept = new TreeSet<>(etcdHosts);
        kept.retainAll(before);
        if (!before.isEmpty() && kept.isEmpty()) {
          return fatal(
              "Failed to reconcile etcd plane: Etcd plane nodes are replaced. Stopping"
                  + " provisioning. Please restore your cluster from backup.");
        }
        out.println(
            "INFO[0001] [etcd] Successfully started etcd plane.. Checking etcd cluster health");
      } else {
        externalEtcd(cluster, external);
      }
      Files.writeString(
          state, JSON.writeValueAsString(Map.of("etcdHosts", new ArrayList<>(etcdHosts))));
      out.println("INFO[0003] Finished building Kubernetes cluster successfully");
      return 0;
    } catch (Exception e) {
      return fatal(e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  /** Checks the external etcd answers with the given certificates, then moves the apiservers. */
  private void externalEtcd(JsonNode cluster, List<String> urls) throws Exception {
    JsonNode etcd = cluster.path("services").path("etcd");
    String prefix = etcd.path("path").asText("/registry");
    Path pemDir = Files.createTempDirectory("rke-standin");
    try {
      Path ca = pem(pemDir, "ca.pem", etcd.path("ca_cert").asText());
      Path cert = pem(pemDir, "cert.pem", etcd.path("cert").asText());
      Path key = pem(pemDir, "key.pem", etcd.path("key").asText());
      try (Client client = EtcdClients.connect(urls, new EtcdTls(ca, cert, key))) {
        client.getMaintenanceClient().statusMember(urls.get(0)).get(10, TimeUnit.SECONDS);
      }
      out.println(
          "INFO[0001] [etcd] External etcd connection string has been set to "
              + String.join(",", urls));
      for (JsonNode node : cluster.path("nodes")) {
        if (texts(node.path("role")).contains("controlplane")) {
          moveApiserver(node, urls, prefix, etcd);
        }
      }
    } finally {
      HostTools.deleteTree(pemDir);
    }
  }

  /**
   * As RKE deploys the external etcd's certificates to a control plane node (kube-etcd-client*.pem)
   * and restarts kube-apiserver with them. In the lab a node's files are under the folder beside
   * its Docker socket's.
   */
  private void moveApiserver(JsonNode node, List<String> urls, String prefix, JsonNode etcd)
      throws Exception {
    Path socket = Path.of(node.path("docker_socket").asText());
    AgentPaths paths =
        new AgentPaths(socket.getParent().resolveSibling("root"), AgentPaths.DEFAULT_ALLOWED);
    String name = node.path("hostname_override").asText();
    try (DockerEngine engine = DockerEngine.connect("unix://" + socket)) {
      engine.client().pingCmd().exec();
      Path ssl = paths.resolve("/etc/kubernetes/ssl");
      HostFiles.writeAtomically(ssl.resolve("kube-etcd-client-ca.pem"), bytes(etcd, "ca_cert"));
      HostFiles.writeAtomically(ssl.resolve("kube-etcd-client.pem"), bytes(etcd, "cert"));
      HostFiles.writeAtomically(ssl.resolve("kube-etcd-client-key.pem"), bytes(etcd, "key"));
      DockerActivitiesImpl docker =
          new DockerActivitiesImpl(
              engine, new ContainerAllowList(ContainerAllowList.DEFAULT), paths);
      var current = docker.inspect(new Target("kube-apiserver"), null);
      if (!current.exists()) {
        out.println("WARN[0002] [controlplane] no kube-apiserver on " + name + "; skipped");
        return;
      }
      ContainerSpec spec = ContainerSpec.fromMap(current.spec());
      List<String> cmd = new ArrayList<>();
      for (String arg : spec.cmd()) {
        if (!arg.startsWith("--etcd-")) {
          cmd.add(arg);
        }
      }
      cmd.add("--etcd-servers=" + String.join(",", urls));
      cmd.add("--etcd-cafile=/etc/kubernetes/ssl/kube-etcd-client-ca.pem");
      cmd.add("--etcd-certfile=/etc/kubernetes/ssl/kube-etcd-client.pem");
      cmd.add("--etcd-keyfile=/etc/kubernetes/ssl/kube-etcd-client-key.pem");
      cmd.add("--etcd-prefix=" + prefix);
      ContainerSpec moved =
          new ContainerSpec(
              spec.image(),
              spec.entrypoint(),
              cmd,
              spec.env(),
              spec.binds(),
              spec.networkMode(),
              spec.restartPolicy(),
              spec.labels(),
              spec.user(),
              spec.workingDir());
      docker.stop(new StopRequest("kube-apiserver", "5s"), null);
      docker.runEtcd(
          new RunEtcdRequest(null, moved.toMap(), "kube-apiserver", null, null, null, true, null),
          null);
      out.println("INFO[0002] [controlplane] kube-apiserver on " + name + " now uses " + urls);
    } catch (RuntimeException unreachable) {
      out.println("WARN[0002] [controlplane] host " + name + " is not reachable; skipped");
    }
  }

  private int fatal(String message) {
    out.println("FATA[0002] " + message);
    return 1;
  }

  private static JsonNode readState(Path state) throws java.io.IOException {
    return Files.exists(state) ? JSON.readTree(state.toFile()) : JSON.createObjectNode();
  }

  private static Path pem(Path dir, String name, String text) throws java.io.IOException {
    if (!text.contains("-----BEGIN ")) {
      throw new IllegalArgumentException("services.etcd." + name + " is not PEM content");
    }
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    return file;
  }

  private static byte[] bytes(JsonNode etcd, String field) {
    return etcd.path(field).asText().getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(n -> texts.add(n.asText()));
    return texts;
  }
}
