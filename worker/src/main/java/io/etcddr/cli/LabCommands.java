package io.etcddr.cli;

import io.etcddr.lab.Lab;
import io.etcddr.lab.LabNode;
import io.etcddr.lab.LabStatus;
import io.etcddr.lab.LabVersions;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * `lab up|down|status|power-off|power-on|partition|heal|exec|etcdctl`: the original two-room RKE
 * cluster on this machine, each node in its own network.
 */
@Command(
    name = "lab",
    description =
        "The original two-room RKE cluster on one machine: 5 nodes, each with its own Docker"
            + " engine and network namespace; sites joined by a router whose links can be cut.",
    subcommands = {
      LabCommands.Up.class,
      LabCommands.Down.class,
      LabCommands.Status.class,
      LabCommands.PowerOff.class,
      LabCommands.PowerOn.class,
      LabNetworkCommands.Partition.class,
      LabNetworkCommands.Heal.class,
      LabNetworkCommands.Latency.class,
      LabNetworkCommands.Exec.class,
      LabNetworkCommands.Etcdctl.class
    })
final class LabCommands implements Runnable {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(
        spec.commandLine(),
        "a lab command is required: up, down, status, power-off, power-on, partition, heal,"
            + " latency, exec, etcdctl");
  }

  /** Where the lab lives and which addresses it owns. */
  static final class Where {
    @Option(
        names = "--dir",
        defaultValue = "${env:ETCD_DR_LAB:-/tmp/etcd-dr-lab}",
        description = "the lab's folder (env ETCD_DR_LAB; default ${DEFAULT-VALUE})")
    Path dir;

    @Option(
        names = "--first-address",
        description = "first of the 5 loopback addresses (default 127.0.0.101, or the lab's own)")
    String firstAddress;

    /** The lab as `up` made it: its addresses are remembered beside it. */
    Lab lab() throws IOException {
      Path remembered = dir.resolve("first-address");
      String first = firstAddress;
      if (first == null) {
        first = Files.exists(remembered) ? Files.readString(remembered).strip() : "127.0.0.101";
      }
      if (!first.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}")) {
        throw new UsageException(
            "--first-address `" + first + "` must be a loopback IPv4 address such as 127.0.0.101");
      }
      return new Lab(dir, LabNode.standardLayout(first));
    }

    /**
     * The lab with the versions and deploy node `up` was told, else the ones it was built with,
     * else 3.5 and node1.
     */
    Lab lab(Versions versions, Topology topology) throws IOException {
      Lab remembered = lab();
      return new Lab(
          dir,
          remembered.nodes(),
          versions.given() ? versions.versions() : remembered.versions(),
          topology.deployNode == null ? remembered.deployNode() : topology.deployNode);
    }
  }

  /**
   * `--address`: the Temporal the node agents poll; by default the one the lab was brought up with.
   */
  static final class AgentsTemporal {
    @Option(
        names = "--address",
        defaultValue = "${env:TEMPORAL_ADDRESS}",
        description =
            "Temporal for the node agents (env TEMPORAL_ADDRESS; default: the one the lab was"
                + " brought up with, else 127.0.0.1:7233)")
    String given;

    String address(Path labDir) throws IOException {
      if (given != null) {
        return given;
      }
      Path remembered = new io.etcddr.lab.LabLayout(labDir).temporalAddressFile();
      return Files.isRegularFile(remembered)
          ? Files.readString(remembered).strip()
          : TemporalFlags.DEFAULT_ADDRESS;
    }
  }

  /** `--deploy-node`: which node holds cluster.yml and runs `rke up`. */
  static final class Topology {
    @Option(
        names = "--deploy-node",
        description =
            "the node that holds cluster.yml and runs rke up (default node1, the learner's node, or"
                + " what the lab was built with); e.g. node2 for a deploy node apart from the"
                + " learner")
    String deployNode;
  }

  /** `--etcd`, `--learner-etcd`: which etcd the lab's voters and its learner run. */
  static final class Versions {
    @Option(
        names = "--etcd",
        description =
            "etcd of the voters: 3.4, 3.5 (= 3.5.30), 3.5.16 or 3.5.30 (default 3.5.30, or what the"
                + " lab was built with)")
    String voters;

    @Option(
        names = "--learner-etcd",
        description = "etcd of the learner in site B (default: the voters')")
    String learner;

    boolean given() {
      return voters != null || learner != null;
    }

    LabVersions versions() {
      return LabVersions.of(voters, learner);
    }
  }

  @Command(name = "up", description = "Build or repair the lab; prints how long it took.")
  static final class Up implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin Where where;
    @Mixin Versions versions;
    @Mixin Topology topology;

    @Mixin AgentsTemporal temporal;

    @Override
    public Integer call() throws Exception {
      requireRoot();
      Lab lab = where.lab(versions, topology);
      PrintWriter out = spec.commandLine().getOut();
      Files.createDirectories(where.dir);
      Files.writeString(where.dir.resolve("first-address"), lab.nodes().get(0).address());
      String address = temporal.address(where.dir);
      boolean reachable = reachable(address);
      lab.up(reachable ? address : null, out);
      if (!reachable) {
        out.println(
            "note: no Temporal at "
                + address
                + ", so no agents were started; run `etcd-dr dev`"
                + " and then `etcd-dr lab up` again");
      }
      out.flush();
      return ExitCode.OK.code();
    }
  }

  @Command(name = "down", description = "Stop and remove everything the lab started.")
  static final class Down implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin Where where;

    @Override
    public Integer call() throws Exception {
      requireRoot();
      where.lab().down();
      spec.commandLine().getOut().println("lab down: " + where.dir + " removed");
      spec.commandLine().getOut().flush();
      return ExitCode.OK.code();
    }
  }

  @Command(name = "status", description = "Nodes, sites, etcd members, learners and containers.")
  static final class Status implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin Where where;

    @Override
    public Integer call() throws Exception {
      if (!Files.isDirectory(where.dir)) {
        throw new UsageException("no lab at " + where.dir + "; start one with `etcd-dr lab up`");
      }
      LabStatus.print(where.lab().status(), spec.commandLine().getOut());
      return ExitCode.OK.code();
    }
  }

  @Command(
      name = "power-off",
      description = "Kill nodes at once (SIGKILL): engine, containers, agent.")
  static final class PowerOff implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin Where where;

    @Parameters(arity = "1..*", paramLabel = "NODE")
    List<String> nodes;

    @Override
    public Integer call() throws Exception {
      requireRoot();
      Lab lab = where.lab();
      lab.powerOff(nodes.stream().map(node -> known(lab, node)).toList());
      spec.commandLine().getOut().println("powered off: " + String.join(", ", nodes));
      spec.commandLine().getOut().flush();
      return ExitCode.OK.code();
    }
  }

  @Command(name = "power-on", description = "Boot nodes again: engine, containers, agent.")
  static final class PowerOn implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin Where where;

    @Parameters(arity = "1..*", paramLabel = "NODE")
    List<String> nodes;

    @Mixin AgentsTemporal temporal;

    @Override
    public Integer call() throws Exception {
      requireRoot();
      Lab lab = where.lab();
      String address = temporal.address(where.dir);
      if (!reachable(address)) {
        // a node booted without a Temporal would hold its etcd forever: say so instead
        throw new UsageException(
            "no Temporal answers at "
                + address
                + " for the nodes' agents; start `etcd-dr dev --lab` or give --address");
      }
      lab.powerOn(nodes.stream().map(node -> known(lab, node)).toList(), address);
      spec.commandLine().getOut().println("powered on: " + String.join(", ", nodes));
      spec.commandLine().getOut().flush();
      return ExitCode.OK.code();
    }
  }

  static String known(Lab lab, String node) {
    if (lab.nodes().stream().noneMatch(n -> n.name().equals(node))) {
      throw new UsageException(
          "the lab has no node `"
              + node
              + "`; its nodes are "
              + lab.nodes().stream().map(LabNode::name).toList());
    }
    return node;
  }

  static void requireRoot() {
    if (!"root".equals(System.getProperty("user.name"))) {
      throw new UsageException("the lab starts Docker engines and needs root; run it as root");
    }
  }

  static boolean reachable(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    if (colon < 0) {
      throw new UsageException("--address `" + hostPort + "` must be host:port");
    }
    try (Socket socket = new Socket()) {
      socket.connect(
          new InetSocketAddress(
              hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1))),
          1000);
      return true;
    } catch (IOException | NumberFormatException e) {
      return false;
    }
  }
}
