package io.etcddr.cli;

import io.etcddr.lab.Lab;
import io.etcddr.lab.LabLayout;
import io.etcddr.lab.LabNetwork;
import io.etcddr.lab.LabNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The lab's links: cut a site off (`partition`), mend every cut (`heal`), slow the WAN (`latency`),
 * and look from inside a node (`exec`, `etcdctl`). The witness — this machine, with Temporal and
 * the worker — is the site `witness`.
 */
final class LabNetworkCommands {

  private LabNetworkCommands() {}

  @Command(
      name = "partition",
      description =
          "Cut SITE from every other site (the witness too), or with --from only from that one;"
              + " traffic between them is dropped silently, as on a failed WAN link.")
  static final class Partition implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin LabCommands.Where where;

    @Parameters(index = "0", paramLabel = "SITE", description = "A, B, ... or witness")
    String site;

    @Option(names = "--from", paramLabel = "SITE", description = "cut only this pair")
    String from;

    @Override
    public Integer call() throws Exception {
      LabCommands.requireRoot();
      Lab lab = where.lab();
      Set<String> sites = sites(lab);
      for (String s : from == null ? List.of(site) : List.of(site, from)) {
        if (!sites.contains(s)) {
          throw new UsageException("the lab has no site `" + s + "`; its sites are " + sites);
        }
      }
      if (site.equals(from)) {
        throw new UsageException("--from " + from + " is SITE itself; name another site");
      }
      lab.network().partition(site, from, lab.nodes());
      spec.commandLine()
          .getOut()
          .println(
              "site "
                  + site
                  + " cut from "
                  + (from == null ? "every other site" : "site " + from)
                  + "; `etcd-dr lab heal` mends it");
      return ExitCode.OK.code();
    }
  }

  @Command(name = "heal", description = "Mend every cut: all sites reach each other again.")
  static final class Heal implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin LabCommands.Where where;

    @Override
    public Integer call() throws Exception {
      LabCommands.requireRoot();
      Lab lab = where.lab();
      int cuts = lab.network().cuts().size();
      lab.network().heal();
      spec.commandLine().getOut().println("healed: " + cuts / 2 + " cut link(s) mended");
      return ExitCode.OK.code();
    }
  }

  @Command(
      name = "latency",
      description =
          "Delay every packet between SITE and the other sites (the witness too) by MS, one way"
              + " (a round trip costs twice that); 0 removes it.")
  static final class Latency implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin LabCommands.Where where;

    @Parameters(index = "0", paramLabel = "SITE", description = "A, B, ... or witness")
    String site;

    @Parameters(index = "1", paramLabel = "MS", description = "one-way delay in milliseconds")
    int millis;

    @Override
    public Integer call() throws Exception {
      LabCommands.requireRoot();
      Lab lab = where.lab();
      if (!sites(lab).contains(site)) {
        throw new UsageException("the lab has no site `" + site + "`; its sites are " + sites(lab));
      }
      if (millis < 0 || millis > 10_000) {
        throw new UsageException("MS " + millis + " must be between 0 and 10000");
      }
      lab.latency(site, millis);
      spec.commandLine()
          .getOut()
          .println(
              millis == 0
                  ? "no delay for site " + site + " any more"
                  : "site " + site + ": " + millis + " ms each way to every other site");
      return ExitCode.OK.code();
    }
  }

  @Command(
      name = "exec",
      description = "Run a command inside NODE's network namespace: `lab exec node1 -- CMD...`.")
  static final class Exec implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin LabCommands.Where where;

    @Parameters(index = "0", paramLabel = "NODE")
    String node;

    @Parameters(index = "1..*", paramLabel = "CMD", description = "the command and its arguments")
    List<String> command = List.of();

    @Override
    public Integer call() throws Exception {
      LabCommands.requireRoot();
      Lab lab = where.lab();
      LabCommands.known(lab, node);
      if (command.isEmpty()) {
        throw new UsageException("give the command after NODE: lab exec " + node + " -- CMD...");
      }
      return inherit(lab.network().inNode(node, command));
    }
  }

  @Command(
      name = "etcdctl",
      description =
          "etcdctl inside NODE's namespace, with the lab's client certificate, against NODE's"
              + " client URL: `lab etcdctl master1 endpoint status`.")
  static final class Etcdctl implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin LabCommands.Where where;

    @Parameters(index = "0", paramLabel = "NODE")
    String node;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "etcdctl's arguments")
    List<String> args = List.of();

    @Override
    public Integer call() throws Exception {
      LabCommands.requireRoot();
      Lab lab = where.lab();
      LabCommands.known(lab, node);
      LabNode target =
          lab.nodes().stream().filter(n -> n.name().equals(node)).findFirst().orElseThrow();
      LabLayout layout = lab.layout();
      List<String> command =
          new ArrayList<>(
              List.of(
                  lab.versions().voters().bin().resolve("etcdctl").toString(),
                  "--endpoints=https://" + target.address() + ":2379",
                  "--cacert=" + layout.workerCert("ca"),
                  "--cert=" + layout.workerCert("cert"),
                  "--key=" + layout.workerCert("key"),
                  "--command-timeout=5s"));
      command.addAll(args);
      return inherit(lab.network().inNode(node, command));
    }
  }

  private static Set<String> sites(Lab lab) {
    Set<String> sites = new LinkedHashSet<>();
    lab.nodes().forEach(n -> sites.add(n.site()));
    sites.add(LabNetwork.WITNESS);
    return sites;
  }

  /** Runs with this process's terminal; its exit code. */
  private static int inherit(List<String> command) throws Exception {
    return new ProcessBuilder(command).inheritIO().start().waitFor();
  }
}
