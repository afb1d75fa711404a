package io.etcddr.lab;

import io.etcddr.config.BadSetting;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One-way WAN delay between a site of the lab and every other site (the witness too), so a round
 * trip costs twice that. This machine's kernel has no netem qdisc: the router sends that traffic to
 * a netfilter queue, and a small helper ({@code netdelay}, built by bin/setup from
 * worker/src/main/c/netdelay.c) holds each packet for the delay. The helpers' process ids are kept
 * in the lab's folder, so that {@code lab down} stops them by PID.
 */
final class WanDelay {

  private final LabNetwork network;
  private final Path state;

  WanDelay(LabNetwork network, Path state) {
    this.network = network;
    this.state = state;
  }

  /** Sets the delay of {@code site} to {@code millis}; 0 removes it. */
  void set(String site, int millis, List<String> sites) throws IOException, InterruptedException {
    int queue = LabNetwork.siteOctet(site) + 1;
    removeRules(queue);
    Path pid = state.resolve("netdelay-" + site + ".pid");
    stop(pid);
    if (millis <= 0) {
      return;
    }
    Path log = state.resolve("netdelay-" + site + ".log");
    List<String> helper = List.of("setsid", helper().toString(), "" + queue, "" + millis);
    Process process =
        new ProcessBuilder(network.inRouter(helper))
            .redirectInput(new File("/dev/null"))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    Files.writeString(pid, Long.toString(process.pid()));
    Thread.sleep(300); // its queue is bound before traffic is sent to it
    if (!process.isAlive()) {
      throw new IllegalStateException("netdelay exited at once; see " + log);
    }
    Set<String> others = new LinkedHashSet<>(sites);
    others.add(LabNetwork.WITNESS);
    others.remove(site);
    for (String other : others) {
      queueTraffic(site, other, queue);
      queueTraffic(other, site, queue);
    }
  }

  /** Stops every delay helper of this lab. */
  void stopAll() throws IOException {
    if (!Files.isDirectory(state)) {
      return;
    }
    try (var files = Files.list(state)) {
      for (Path pid :
          files.filter(f -> f.getFileName().toString().matches("netdelay-.*\\.pid")).toList()) {
        stop(pid);
      }
    }
  }

  private void queueTraffic(String from, String to, int queue) {
    LabNetwork.run(
        network.inRouter(
            List.of(
                "iptables",
                "-A",
                "FORWARD",
                "-s",
                network.subnet(from),
                "-d",
                network.subnet(to),
                "-j",
                "NFQUEUE",
                "--queue-num",
                String.valueOf(queue),
                "--queue-bypass")));
  }

  private void removeRules(int queue) {
    List<String> list = network.inRouter(List.of("iptables", "-S", "FORWARD"));
    for (String rule : LabNetwork.run(list).lines().toList()) {
      if (rule.contains("--queue-num " + queue + " ")) {
        List<String> delete = new ArrayList<>(List.of("iptables"));
        delete.addAll(List.of(rule.replaceFirst("^-A", "-D").split(" ")));
        LabNetwork.run(network.inRouter(delete));
      }
    }
  }

  private static void stop(Path pid) throws IOException {
    if (!Files.exists(pid)) {
      return;
    }
    ProcessHandle.of(Long.parseLong(Files.readString(pid).strip()))
        .ifPresent(ProcessHandle::destroyForcibly);
    Files.delete(pid);
  }

  /** The delay helper: $ETCD_DR_NETDELAY, else where bin/setup builds it. */
  private static Path helper() {
    String given = System.getenv("ETCD_DR_NETDELAY");
    Path helper = Path.of(given == null || given.isBlank() ? "/var/cache/etcd-dr/netdelay" : given);
    if (!Files.isExecutable(helper)) {
      throw new BadSetting(
          helper
              + " is missing: run bin/setup (it builds worker/src/main/c/netdelay.c with Debian's"
              + " libnetfilter-queue-dev), or set ETCD_DR_NETDELAY");
    }
    return helper;
  }
}
