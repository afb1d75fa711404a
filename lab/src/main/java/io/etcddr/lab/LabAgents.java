package io.etcddr.lab;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One agent process per lab node, as on real nodes: its own JVM, task queue etcd-dr@NODE, root
 * folder and Docker engine, in its own session so that the lab outlives the command that started it
 * and `power-off` can kill it alone.
 */
final class LabAgents {

  private final LabLayout layout;
  private final LabVersions versions;
  private final LabNetwork network;
  private Path release; // the installed archive's home, once installed

  LabAgents(LabLayout layout, LabVersions versions, LabNetwork network) {
    this.layout = layout;
    this.versions = versions;
    this.network = network;
  }

  Optional<ProcessHandle> running(LabNode node) {
    return HostProcesses.fromPidFile(
        layout.agentPid(node.name()), layout.root(node.name()).toString());
  }

  void start(LabNode node, String temporalAddress) throws IOException, InterruptedException {
    start(node, temporalAddress, Map.of());
  }

  /** Starts the node's agent unless it runs, with these variables added to its environment. */
  void start(LabNode node, String temporalAddress, Map<String, String> environment)
      throws IOException, InterruptedException {
    if (running(node).isPresent()) {
      return;
    }
    List<String> command = etcdDr("agent", node, temporalAddress);
    command.addAll(List.of("--rke", layout.rkeStandIn().toString()));
    command.addAll(
        List.of(
            "--snapshot-keyset",
            layout.snapshotKeyset().toString(),
            "--s3-credentials",
            layout.s3Credentials().toString()));
    ProcessBuilder builder = withEtcdOf(node, new ProcessBuilder(command));
    builder.environment().putAll(environment);
    Process process =
        builder
            .redirectInput(new File("/dev/null"))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(layout.agentLog(node.name()).toFile()))
            .start();
    Files.writeString(layout.agentPid(node.name()), Long.toString(process.pid()));
  }

  /**
   * What the node's etcd-dr-fence.service does before docker.service: applies a pending fence order
   * to the node's files. Waits for it to finish (bounded), as systemd's ordering would.
   */
  void fenceCheck(LabNode node, String temporalAddress) throws IOException, InterruptedException {
    List<String> command = etcdDr("fence-check", node, temporalAddress);
    command.addAll(List.of("--wait", "20s"));
    Process process =
        small(new ProcessBuilder(command))
            .redirectInput(new File("/dev/null"))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(layout.agentLog(node.name()).toFile()))
            .start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException("the fence check of " + node.name() + " did not end within 60 s");
    }
  }

  /**
   * The node's own etcd tools first on the agent's PATH (the WAL replay of etcd.copyBackend runs
   * the node's etcd): the learner's version in its site B, the voters' in site A.
   */
  private ProcessBuilder withEtcdOf(LabNode node, ProcessBuilder builder) {
    var version = node.site().equals("B") ? versions.learner() : versions.voters();
    builder
        .environment()
        .put("PATH", version.bin() + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    return small(builder);
  }

  /**
   * Small JVMs, five of them sharing two cores with the worker and etcd, but with the JIT the
   * release's agent unit gives them (deploy/systemd/agent.env): stopped at C1 they hashed a 200 MiB
   * backend copy in 1.4 s instead of 0.12 s (C2 uses the CPU's SHA instructions), which the RTO
   * benchmark counted against etcd-dr.
   */
  private static ProcessBuilder small(ProcessBuilder builder) {
    builder.environment().put("ETCD_DR_JAVA_OPTS", "-Xmx160m -XX:+UseSerialGC -Xss512k");
    return builder;
  }

  /**
   * The installed release, installed on first use. Once only, also when nodes boot side by side
   * (`lab power-on` of a site): two unpacking into the same folder would break both.
   */
  private synchronized Path release() throws IOException, InterruptedException {
    if (release == null) {
      release = LabRelease.install(layout);
    }
    return release;
  }

  /**
   * An etcd-dr command for the node, as its unit's ExecStart would run it: in the node's network
   * namespace, the release installed at the node's /opt/etcd-dr, on the archive's own Java runtime.
   */
  private List<String> etcdDr(String subcommand, LabNode node, String temporalAddress)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add("setsid");
    command.addAll(network.inNode(node.name(), List.of())); // the node's network, not the host's
    command.add(LabRelease.linkInto(layout.root(node.name()), release()).toString());
    command.addAll(
        List.of(
            subcommand,
            "--node",
            node.name(),
            "--address",
            temporalAddress,
            "--root",
            layout.root(node.name()).toString(),
            "--docker-host",
            layout.docker(node.name()).host(),
            "--clusters",
            layout.clusters().toString()));
    return command;
  }

  void stop(LabNode node) {
    running(node).ifPresent(p -> HostProcesses.stop(p, 15));
  }

  void kill(LabNode node) {
    running(node).ifPresent(p -> HostProcesses.killHard(List.of(p)));
  }
}
