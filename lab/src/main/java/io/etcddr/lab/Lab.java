package io.etcddr.lab;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.etcddr.activities.docker.ContainerAllowList;
import io.etcddr.activities.docker.DockerActivitiesImpl;
import io.etcddr.activities.docker.DockerEngine;
import io.etcddr.activities.etcd.EtcdActivitiesImpl;
import io.etcddr.activities.etcd.EtcdClusters;
import io.etcddr.activities.host.HostTools;
import io.etcddr.activities.inventory.ClusterInventory;
import io.etcddr.activities.record.ClusterRecords;
import io.etcddr.activities.store.SnapshotKeys;
import io.etcddr.contract.docker.DockerActivities.RunEtcdRequest;
import io.etcddr.contract.etcd.ClusterHealth;
import io.etcddr.contract.etcd.EtcdActivities.StatusRequest;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The lab: the original two-room RKE cluster on one machine. Each node has its own Docker engine,
 * root folder and agent; etcd runs in containers named `etcd` with RKE's flags and TLS from the
 * lab's kube CA; a kube-apiserver stand-in keeps using it. {@link #up} is idempotent: a second call
 * repairs what is missing.
 */
public final class Lab {

  /**
   * Runs `rke up` and holds RKE's state unless `lab up --deploy-node` says otherwise: in site B,
   * where the learner goes (as in the original cluster).
   */
  public static final String DEPLOY_NODE = "node1";

  /** Holds the kube CA's key: also in site B, so certificates can be issued after a loss of A. */
  static final String CA_NODE = "node2";

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final LabLayout layout;
  private final List<LabNode> nodes;
  private final LabVersions versions;
  private final String deployNode;
  private final LabNetwork network;
  private final LabAgents agents;
  private final LabEngines engines;

  /** A lab of the default versions and deploy node (or those it was built with). */
  public Lab(Path dir, List<LabNode> nodes) throws java.io.IOException {
    this(
        dir,
        nodes,
        LabVersions.remembered(new LabLayout(dir)).orElse(LabVersions.DEFAULT),
        rememberedDeployNode(new LabLayout(dir)));
  }

  public Lab(Path dir, List<LabNode> nodes, LabVersions versions) throws java.io.IOException {
    this(dir, nodes, versions, rememberedDeployNode(new LabLayout(dir)));
  }

  /**
   * @param deployNode the node that holds cluster.yml and runs `rke up`; one of {@code nodes}
   */
  public Lab(Path dir, List<LabNode> nodes, LabVersions versions, String deployNode) {
    this.layout = new LabLayout(dir);
    this.nodes = List.copyOf(nodes);
    this.versions = versions;
    if (nodes.stream().noneMatch(n -> n.name().equals(deployNode))) {
      throw new io.etcddr.config.BadSetting(
          "--deploy-node "
              + deployNode
              + ": not a node of the lab; use one of "
              + nodes.stream().map(LabNode::name).toList());
    }
    this.deployNode = deployNode;
    this.network = LabNode.networkOf(nodes);
    this.agents = new LabAgents(layout, versions, network);
    this.engines = new LabEngines(layout, network);
  }

  private static String rememberedDeployNode(LabLayout layout) throws java.io.IOException {
    Path file = layout.deployNodeFile();
    return Files.exists(file) ? Files.readString(file).strip() : DEPLOY_NODE;
  }

  /** The node that holds cluster.yml and runs `rke up`. */
  public String deployNode() {
    return deployNode;
  }

  public LabVersions versions() {
    return versions;
  }

  /** The image add-learner should start the learner from (RKE's tag of the learner's version). */
  public String learnerImage() {
    return LabImage.of(versions.learner()).etcdImage();
  }

  public LabLayout layout() {
    return layout;
  }

  public List<LabNode> nodes() {
    return nodes;
  }

  /** Its network: a namespace per node, a bridge per site, the witness link to this machine. */
  public LabNetwork network() {
    return network;
  }

  /**
   * Where the nodes reach a Temporal that listens on this machine: its address on the witness link
   * in place of a loopback one (the nodes have their own loopback).
   */
  public String forNodes(String temporalAddress) {
    if (temporalAddress == null) {
      return null;
    }
    int colon = temporalAddress.lastIndexOf(':');
    String host = temporalAddress.substring(0, colon);
    return host.startsWith("127.") || host.equals("localhost")
        ? network.witnessAddress() + temporalAddress.substring(colon)
        : temporalAddress;
  }

  /**
   * @param temporalAddress where the agents poll; null starts no agents
   */
  public void up(String temporalAddress, PrintWriter out) throws Exception {
    Instant started = Instant.now();
    Files.createDirectories(layout.dir());
    versions.remember(layout);
    Files.writeString(layout.deployNodeFile(), deployNode + "\n");
    // its network number, so that `lab down|status|partition --dir` find the same namespaces
    Files.writeString(layout.dir().resolve("first-address"), "127.0.0." + network.id() + "\n");
    network.up(nodes);
    LabImage image = LabImage.of(versions.voters());
    LabImage learner = LabImage.of(versions.learner());
    engines.startAll(nodes, versions.mixed() ? List.of(image, learner) : List.of(image));
    out.println(
        "engines up: "
            + nodes.size()
            + " dockerd, "
            + versions
            + ", images "
            + image.etcdImage()
            + (versions.mixed() ? " and " + learner.etcdImage() : ""));
    List<LabNode> members = nodes.stream().filter(LabNode::etcd).toList();
    issueCertificates();
    if (!Files.exists(layout.snapshotKeyset())) {
      SnapshotKeys.create(layout.snapshotKeyset());
    }
    LabFiles.writeInventory(layout, nodes, deployNode, CA_NODE);
    LabFiles.writeClusterYml(layout, nodes, deployNode, members);
    LabFiles.writeRkeStandIn(layout);
    ClusterHealth health = startCluster(members, image);
    out.println(
        "etcd: "
            + health.reachable().size()
            + " members healthy with TLS, leader "
            + health.leader()
            + "; kube-apiserver stand-ins writing under /registry");
    if (temporalAddress != null) {
      Files.writeString(layout.temporalAddressFile(), temporalAddress + "\n");
      for (LabNode node : nodes) {
        agents.start(node, forNodes(temporalAddress));
      }
      out.println(
          "agents: "
              + nodes.size()
              + " processes polling etcd-dr@NODE at "
              + forNodes(temporalAddress)
              + ", each in its node's network");
    }
    out.printf(
        "lab up in %.1f s: inventory %s (cluster `%s`), cluster.yml on %s at %s%n",
        Duration.between(started, Instant.now()).toMillis() / 1000.0,
        layout.clusters(),
        LabLayout.CLUSTER,
        deployNode,
        LabLayout.RKE_CONFIG);
    out.flush();
  }

  /**
   * The kube CA on the CA node, the worker's client certificate, every member's and apiserver's.
   */
  private void issueCertificates() throws Exception {
    LabPki pki = new LabPki(layout, CA_NODE);
    pki.ensureCa(nodes);
    pki.issueWorker();
    for (LabNode node : nodes) {
      if (node.etcd() || node.controlplane()) {
        pki.issue(node); // etcd peers and apiservers (etcd clients) use kube-etcd-<ip>.pem
      }
    }
  }

  /** etcd on the members until it has quorum, the cluster's keys, then the apiserver stand-ins. */
  private ClusterHealth startCluster(List<LabNode> members, LabImage image) throws Exception {
    List<String> clientUrls =
        members.stream().map(m -> "https://" + m.address() + ":2379").toList();
    for (LabNode member : members) {
      run(member, "etcd", LabContainers.etcd(member, members, image.etcdImage()).toMap());
    }
    ClusterHealth health = awaitQuorum(Duration.ofSeconds(90));
    LabFiles.kubernetesKeys(layout, clientUrls);
    for (LabNode node : nodes.stream().filter(LabNode::controlplane).toList()) {
      run(
          node,
          "kube-apiserver",
          LabContainers.apiserver(node, clientUrls, image.apiserverImage()).toMap());
    }
    return health;
  }

  /**
   * Kills a node at once (SIGKILL, no graceful stop): its engine, containers and agent; its link
   * goes down, so that it answers nothing, as a machine without power (not even a refusal).
   */
  public void powerOff(String name) {
    LabNode node = node(name);
    agents.kill(node);
    layout.docker(node.name()).kill();
    network.link(node.name(), false);
  }

  /** {@link #powerOff(String)} for several nodes at once, as when a site loses its power. */
  public void powerOff(List<String> names) throws Exception {
    Together.forEach(names, this::powerOff);
  }

  /**
   * Stops only the node's agent (as `systemctl stop etcd-dr-agent`): etcd and its engine run on.
   */
  public void stopAgent(String name) {
    agents.stop(node(name));
  }

  /** SIGKILL for the node's agent alone (a crash of the agent): etcd and its engine run on. */
  public void killAgent(String name) {
    agents.kill(node(name));
  }

  /** Starts the node's agent unless it runs, with these variables added to its environment. */
  public void startAgent(String name, String temporalAddress, Map<String, String> environment)
      throws Exception {
    agents.start(node(name), forNodes(temporalAddress), environment);
  }

  /**
   * Boots a node again in the order its units start: the fence check (etcd-dr-fence.service, before
   * docker.service), then its engine (containers with restart policy `always` come back, unless
   * fenced), then its agent.
   */
  public void powerOn(String name, String temporalAddress) throws Exception {
    powerOn(List.of(name), temporalAddress);
  }

  /**
   * {@link #powerOn(String, String)} for several nodes at once, as when a site's power comes back:
   * each boots in its own units' order, side by side with the others.
   */
  public void powerOn(List<String> names, String temporalAddress) throws Exception {
    List<LabNode> booting = names.stream().map(this::node).toList();
    network.up(nodes);
    Together.forEach(
        booting,
        node -> {
          network.link(node.name(), true);
          if (temporalAddress != null) {
            agents.fenceCheck(node, forNodes(temporalAddress));
          }
          engine(node);
          if (temporalAddress != null) {
            agents.start(node, forNodes(temporalAddress));
          }
        });
  }

  /** WAN delay between {@code site} and every other site, one way; 0 removes it. */
  public void latency(String site, int millis) throws Exception {
    java.util.List<String> sites = nodes.stream().map(LabNode::site).distinct().toList();
    new WanDelay(network, layout.dir()).set(site, millis, sites);
  }

  /** Power for the node's machine: its link up, its Docker engine started in its network. */
  public void engine(LabNode node) throws Exception {
    network.link(node.name(), true);
    engines.start(node);
  }

  /** Stops everything the lab started and removes its folder: no process, mount or file is left. */
  public void down() throws Exception {
    Together.forEach(nodes, agents::stop); // first: none restarts a container
    engines.removeAll(nodes);
    new WanDelay(network, layout.dir()).stopAll();
    network.down(nodes);
    HostProcesses.unmountUnder(layout.dir());
    HostTools.deleteTree(layout.dir());
  }

  public List<LabStatus.Row> status() {
    return LabStatus.of(this, agents);
  }

  ClusterHealth health(Duration timeout) {
    return new EtcdActivitiesImpl(
            new EtcdClusters(new ClusterInventory(layout.clusters()), ClusterRecords.none()))
        .status(new StatusRequest(LabLayout.CLUSTER, null, timeout.toSeconds() + "s"), null);
  }

  private ClusterHealth awaitQuorum(Duration limit) throws InterruptedException {
    Instant deadline = Instant.now().plus(limit);
    ClusterHealth last = null;
    while (Instant.now().isBefore(deadline)) {
      last = health(Duration.ofSeconds(3));
      if (last.quorum()) {
        return last;
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException(
        "etcd has no quorum after "
            + limit.toSeconds()
            + " s (reachable "
            + (last == null ? "none" : last.reachable())
            + "); see `docker logs etcd` on the masters, e.g. "
            + layout.docker("master1").host());
  }

  private void run(LabNode node, String name, Map<String, Object> spec) {
    try (DockerEngine engine = DockerEngine.connect(layout.docker(node.name()).host())) {
      new DockerActivitiesImpl(
              engine, new ContainerAllowList(ContainerAllowList.DEFAULT), layout.paths(node.name()))
          .runEtcd(new RunEtcdRequest(null, spec, name, null, null, null, false, null), null);
    }
  }

  LabNode node(String name) {
    return nodes.stream()
        .filter(n -> n.name().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "the lab has no node `"
                        + name
                        + "`; its nodes are "
                        + nodes.stream().map(LabNode::name).toList()));
  }

  static Map<String, Object> map(Object... keyValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      map.put((String) keyValues[i], keyValues[i + 1]);
    }
    return map;
  }

  static void writeYaml(Path file, Object value) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, YAML.writeValueAsString(value));
  }
}
