package io.etcddr.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The lab's network, so that links can be cut: every node in its own network namespace with its own
 * address, each site a bridge, the sites joined by a router namespace. The witness — Temporal and
 * the worker, which docs/operations.md places outside the sites they protect — is this machine
 * itself, joined to the router by one more link: everything on the host (the test server, the
 * worker, the CLI, an operator's tools) is the witness site.
 *
 * <p>Addresses are 10.ID.S.H, ID the lab's number: the witness link 10.ID.0.0/30 (host .1, router
 * .2), site A 10.ID.1.0/24, site B 10.ID.2.0/24 (router .1 on each). A cut between two sites is a
 * pair of policy rules in the router that drop their traffic silently, as a failed WAN link does.
 */
public final class LabNetwork {

  public static final String WITNESS = "witness";

  /** Rule priorities of the cuts, so that heal removes them and nothing else. */
  private static final int FIRST_CUT = 100;

  private final int id;

  public LabNetwork(int id) {
    if (id < 1 || id > 254) {
      throw new IllegalArgumentException("a lab network number is 1..254, not " + id);
    }
    this.id = id;
  }

  public int id() {
    return id;
  }

  public String namespace(String node) {
    return "edr" + id + "-" + node;
  }

  String router() {
    return "edr" + id + "-r";
  }

  /** The host's end of the witness link, where the nodes reach Temporal and the worker. */
  public String witnessAddress() {
    return "10." + id + ".0.1";
  }

  private String hostInterface() {
    return "edr" + id;
  }

  /** The third octet of a site's subnet: A is 1, B is 2, and so on; the witness 0. */
  static int siteOctet(String site) {
    if (site.equals(WITNESS)) {
      return 0;
    }
    if (site.length() != 1 || site.charAt(0) < 'A' || site.charAt(0) > 'Y') {
      throw new IllegalArgumentException("a lab site is a letter A..Y or `witness`, not " + site);
    }
    return site.charAt(0) - 'A' + 1;
  }

  String subnet(String site) {
    return site.equals(WITNESS)
        ? "10." + id + ".0.0/30"
        : "10." + id + "." + siteOctet(site) + ".0/24";
  }

  private String gateway(String site) {
    return "10." + id + "." + siteOctet(site) + ".1";
  }

  /** The address of the {@code index}-th node (0, 1, ...) of a site: 10.ID.S.(10*S + index + 1). */
  String nodeAddress(String site, int index) {
    int s = siteOctet(site);
    return "10." + id + "." + s + "." + (10 * s + index + 1);
  }

  /**
   * The command run in a node's network namespace (its processes see only the node's network).
   * nsenter enters the network namespace alone: `ip netns exec` would also remount /sys, which
   * hides the cgroup mounts a Docker engine needs.
   */
  public List<String> inNode(String node, List<String> command) {
    List<String> wrapped =
        new ArrayList<>(List.of("nsenter", "--net=/var/run/netns/" + namespace(node)));
    wrapped.addAll(command);
    return wrapped;
  }

  /** Builds what is missing: the router, a bridge per site, each node's namespace and link. */
  public void up(List<LabNode> nodes) {
    Set<String> sites = new LinkedHashSet<>();
    nodes.forEach(n -> sites.add(n.site()));
    String r = router();
    if (!namespaces().contains(r)) {
      ip("netns", "add", r);
      ip("-n", r, "link", "set", "lo", "up");
      run(List.of("ip", "netns", "exec", r, "sysctl", "-qw", "net.ipv4.ip_forward=1"));
    }
    for (String site : sites) {
      String bridge = "br" + site;
      if (!links(r).contains(bridge)) {
        ip("-n", r, "link", "add", bridge, "type", "bridge");
        ip("-n", r, "addr", "add", gateway(site) + "/24", "dev", bridge);
        ip("-n", r, "link", "set", bridge, "up");
      }
    }
    for (LabNode node : nodes) {
      String ns = namespace(node.name());
      if (namespaces().contains(ns)) {
        continue;
      }
      String port = "v" + node.name();
      ip("netns", "add", ns);
      ip("-n", r, "link", "add", port, "type", "veth", "peer", "name", "eth0", "netns", ns);
      ip("-n", r, "link", "set", port, "master", "br" + node.site());
      ip("-n", r, "link", "set", port, "up");
      ip("-n", ns, "link", "set", "lo", "up");
      ip("-n", ns, "addr", "add", node.address() + "/24", "dev", "eth0");
      ip("-n", ns, "link", "set", "eth0", "up");
      ip("-n", ns, "route", "add", "default", "via", gateway(node.site()));
    }
    if (!links(null).contains(hostInterface())) {
      ip("link", "add", hostInterface(), "type", "veth", "peer", "name", "witness", "netns", r);
      ip("addr", "add", witnessAddress() + "/30", "dev", hostInterface());
      ip("link", "set", hostInterface(), "up");
      ip("-n", r, "addr", "add", "10." + id + ".0.2/30", "dev", "witness");
      ip("-n", r, "link", "set", "witness", "up");
      ip("route", "replace", "10." + id + ".0.0/16", "via", "10." + id + ".0.2");
    }
  }

  /** A node's link up (powered) or down (no power: it answers nothing, not even a refusal). */
  public void link(String node, boolean up) {
    if (namespaces().contains(namespace(node))) {
      ip("-n", namespace(node), "link", "set", "eth0", up ? "up" : "down");
      if (up) {
        runQuietly(
            List.of(
                "ip",
                "-n",
                namespace(node),
                "route",
                "replace",
                "default",
                "via",
                gatewayOf(node)));
      }
    }
  }

  private String gatewayOf(String node) {
    String address =
        run(List.of("ip", "-n", namespace(node), "-o", "-4", "addr", "show", "dev", "eth0"))
            .split("inet ")[1]
            .split("/")[0];
    String[] octets = address.split("\\.");
    return octets[0] + "." + octets[1] + "." + octets[2] + ".1";
  }

  /** Removes every namespace, link and route of this lab's network; nothing is left. */
  public void down(List<LabNode> nodes) {
    // The host's end first: a namespace is freed after `netns del` returns, taking the veth ends
    // in it, so a host end whose peer sat in a deleted router could vanish between check and del.
    if (links(null).contains(hostInterface())) {
      ip("link", "del", hostInterface());
    }
    for (LabNode node : nodes) {
      if (namespaces().contains(namespace(node.name()))) {
        ip("netns", "del", namespace(node.name()));
      }
    }
    if (namespaces().contains(router())) {
      ip("netns", "del", router()); // its bridges and links go with it
    }
    runQuietly(List.of("ip", "route", "del", "10." + id + ".0.0/16"));
  }

  /**
   * Cuts {@code site} from {@code from}, or from every other site (the witness too) when {@code
   * from} is null. Both directions; already cut pairs stay cut.
   */
  public void partition(String site, String from, List<LabNode> nodes) {
    Set<String> others = new LinkedHashSet<>();
    if (from != null) {
      others.add(from);
    } else {
      nodes.forEach(n -> others.add(n.site()));
      others.add(WITNESS);
    }
    others.remove(site);
    if (others.isEmpty()) {
      throw new IllegalArgumentException("nothing to cut " + site + " from");
    }
    for (String other : others) {
      cut(subnet(site), subnet(other));
      cut(subnet(other), subnet(site));
    }
  }

  private void cut(String from, String to) {
    List<String> rules = rules();
    if (rules.stream().anyMatch(r -> r.contains("from " + from + " to " + to + " blackhole"))) {
      return;
    }
    int priority = FIRST_CUT;
    Set<Integer> taken = new java.util.HashSet<>();
    for (String rule : rules) {
      taken.add(Integer.parseInt(rule.substring(0, rule.indexOf(':')).strip()));
    }
    while (taken.contains(priority)) {
      priority++;
    }
    ip(
        "-n",
        router(),
        "rule",
        "add",
        "pref",
        String.valueOf(priority),
        "from",
        from,
        "to",
        to,
        "blackhole");
  }

  List<String> inRouter(List<String> command) {
    List<String> wrapped = new ArrayList<>(List.of("nsenter", "--net=/var/run/netns/" + router()));
    wrapped.addAll(command);
    return wrapped;
  }

  /** Removes every cut: all sites reach each other again. */
  public void heal() {
    for (String rule : rules()) {
      if (rule.contains("blackhole")) {
        ip("-n", router(), "rule", "del", "pref", rule.substring(0, rule.indexOf(':')).strip());
      }
    }
  }

  /** The cuts in force, as the router's rules show them. */
  public List<String> cuts() {
    return rules().stream().filter(r -> r.contains("blackhole")).toList();
  }

  private List<String> rules() {
    if (!namespaces().contains(router())) {
      return List.of();
    }
    return run(List.of("ip", "-n", router(), "rule", "show")).lines().map(String::strip).toList();
  }

  private Set<String> namespaces() {
    Set<String> names = new LinkedHashSet<>();
    run(List.of("ip", "netns", "list")).lines().forEach(l -> names.add(l.strip().split("\\s+")[0]));
    return names;
  }

  /** Link names in the router's namespace, or the host's when {@code ns} is null. */
  private Set<String> links(String ns) {
    List<String> command = new ArrayList<>(List.of("ip"));
    if (ns != null) {
      command.addAll(List.of("-n", ns));
    }
    command.addAll(List.of("-o", "link", "show"));
    Set<String> names = new LinkedHashSet<>();
    run(command)
        .lines()
        .forEach(
            l -> {
              String name = l.split(":\\s+", 3)[1];
              names.add(name.contains("@") ? name.substring(0, name.indexOf('@')) : name);
            });
    return names;
  }

  private static void ip(String... args) {
    List<String> command = new ArrayList<>(List.of("ip"));
    command.addAll(List.of(args));
    run(command);
  }

  private static void runQuietly(List<String> command) {
    try {
      run(command);
    } catch (IllegalStateException alreadyGone) {
      // nothing to remove
    }
  }

  /** Runs a short command; its output, or a failure naming the command and what it said. */
  static String run(List<String> command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getOutputStream().close();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException(
            "`" + String.join(" ", command) + "` failed: " + output.strip());
      }
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command.get(0), e);
    }
  }
}
