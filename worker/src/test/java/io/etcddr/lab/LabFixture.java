package io.etcddr.lab;

import io.etcd.jetcd.Client;
import io.etcddr.activities.etcd.EtcdActivitiesImpl;
import io.etcddr.activities.etcd.EtcdClients;
import io.etcddr.activities.etcd.EtcdClusters;
import io.etcddr.activities.etcd.EtcdTls;
import io.etcddr.activities.host.HostTools;
import io.etcddr.activities.inventory.ClusterInventory;
import io.etcddr.activities.record.TemporalClusterRecords;
import io.etcddr.cli.CliRun;
import io.etcddr.connect.TemporalConnection;
import io.etcddr.connect.TemporalOptions;
import io.etcddr.contract.cluster.ClusterRecord;
import io.etcddr.contract.etcd.ClusterHealth;
import io.etcddr.devserver.TemporalTestServer;
import io.etcddr.people.Person;
import io.etcddr.people.Users;
import io.etcddr.process.EtcdDrProcess;
import io.etcddr.process.FreePort;
import io.etcddr.process.SearchAttributeRegistration;
import io.etcddr.runs.RunControl;
import io.etcddr.testing.LoopbackBlock;
import io.etcddr.testing.Prerequisites;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A lab for one test class on its own loopback block (nodes on the first five addresses, the
 * worker's HTTP API on the sixth), a real Temporal server process, and the CLI pointed at both.
 * Stops everything and removes its folder on close, also when a test failed.
 */
final class LabFixture implements AutoCloseable {

  static final String CLUSTER = LabLayout.CLUSTER;

  /** The voters' site, the one a failover loses. */
  static final List<String> SITE_A = List.of("master1", "master2", "master3");

  final LoopbackBlock block;
  final Path dir;
  final Lab lab;
  TemporalTestServer server;
  String address;
  TemporalConnection temporal;

  private LabFixture(LoopbackBlock block, Path dir, LabVersions versions, String deployNode)
      throws Exception {
    this.block = block;
    this.dir = dir;
    int port = FreePort.on("127.0.0.1");
    address = "127.0.0.1:" + port;
    server = TemporalTestServer.start(port, dir.resolve("server.log"));
    lab =
        new Lab(dir.resolve("lab"), LabNode.standardLayout(block.address(0)), versions, deployNode);
    try {
      SearchAttributeRegistration.register(address, "default");
      StringWriter printed = new StringWriter();
      lab.up(address, new PrintWriter(printed));
      System.out.print(printed);
      temporal = TemporalConnection.open(TemporalOptions.plain(address));
    } catch (Exception e) {
      // A half-started lab still has engines with mounts in dir: stop them before dir goes.
      stopQuietly(e, lab::down);
      stopQuietly(e, server::close);
      throw e;
    }
  }

  private static void stopQuietly(Exception cause, AutoCloseable stop) {
    try {
      stop.close();
    } catch (Exception e) {
      cause.addSuppressed(e);
    }
  }

  /** The default lab (etcd 3.5.30, as current RKE) with agents polling a fresh server. */
  static LabFixture up() throws Exception {
    return up(LabVersions.DEFAULT);
  }

  /** A lab of these versions; fails in CI without root, dockerd, those etcds or the jar. */
  static LabFixture up(LabVersions versions) throws Exception {
    return up(versions, Lab.DEPLOY_NODE);
  }

  /** A lab whose cluster.yml and `rke up` are on {@code deployNode}. */
  static LabFixture up(LabVersions versions, String deployNode) throws Exception {
    Prerequisites.need()
        .root()
        .dockerd()
        .etcd()
        .executable(versions.voters().etcd().toString())
        .executable(versions.learner().etcd().toString())
        .file(EtcdDrProcess.JAR, "the shaded jar (mvn package)")
        .orSkip();
    LoopbackBlock block = LoopbackBlock.allocate();
    Path dir = Files.createTempDirectory("etcd-dr-lab-it");
    try {
      return new LabFixture(block, dir, versions, deployNode);
    } catch (Exception e) {
      try {
        HostTools.deleteTree(dir);
      } catch (Exception notDeleted) {
        e.addSuppressed(notDeleted);
      }
      block.close();
      throw e;
    }
  }

  /**
   * A new, empty Temporal server in place of the old one (no runs, no cluster records), as a fresh
   * start of the same lab. Agents and workers of the old one must be started again against it.
   */
  void restartTemporal() throws Exception {
    temporal.close();
    server.close();
    int port = FreePort.on("127.0.0.1");
    address = "127.0.0.1:" + port;
    server = TemporalTestServer.start(port, dir.resolve("server.log"));
    SearchAttributeRegistration.register(address, "default");
    temporal = TemporalConnection.open(TemporalOptions.plain(address));
  }

  String clusters() {
    return lab.layout().clusters().toString();
  }

  /** The personal tokens of the users file's people, by name. */
  final Map<String, String> tokens = new java.util.HashMap<>();

  /** The worker's users file: alice and bob, both sre, the two people a failover needs. */
  Users users() throws java.io.IOException {
    Users users = new Users(dir.resolve("people").resolve("users.yaml"));
    if (users.entries().isEmpty()) {
      tokens.put("alice", users.add("alice", List.of("sre"), null));
      tokens.put("bob", users.add("bob", List.of("sre"), null));
    }
    return users;
  }

  /**
   * Approves the approval {@code workflowId} waits on as alice and then bob, each decision signed
   * with the worker's approval key as its HTTP API signs it for a person it identified (the API's
   * own path is PeopleApprovalIT's); the last answer.
   */
  String approveAsTwoPeople(String workflowId) throws java.io.IOException {
    RunControl control = new RunControl(temporal);
    String step = control.waitingApproval(workflowId);
    String answer = null;
    for (String person : List.of("alice", "bob")) {
      Person who = new Person(person, List.of("sre"), "token");
      answer =
          control.decide(
              workflowId, users().approvalKey().decision(who, workflowId, step, true, null));
    }
    return answer;
  }

  /** Where the worker's HTTP API listens. */
  String apiHost() {
    return block.address(5);
  }

  /** The CLI with this lab's server, the shipped library and the lab's inventory. */
  String[] args(String... command) {
    List<String> all = new ArrayList<>(List.of(command));
    all.addAll(List.of("--address", address));
    if (List.of("run", "schedule", "doctor", "ca-key").contains(command[0])) {
      all.addAll(List.of("--library", "../runbooks"));
    }
    if (List.of("run", "schedule", "cluster", "doctor", "ca-key").contains(command[0])) {
      all.addAll(List.of("--clusters", clusters()));
    }
    return all.toArray(String[]::new);
  }

  String cli(String... command) {
    return CliRun.succeeding(args(command));
  }

  /**
   * The lab's standby, as the original cluster had it: add-learner on node1 (site B) from master1's
   * etcd container, followed to its end; more `--set` pairs may follow. Its output.
   */
  String addLearnerOnNode1(String... moreSets) {
    List<String> command =
        new ArrayList<>(
            List.of(
                "run",
                "add-learner",
                "--set",
                "cluster=" + CLUSTER,
                "--set",
                "learner=node1",
                "--set",
                "from=master1",
                "--follow"));
    for (String set : moreSets) {
      command.addAll(List.of("--set", set));
    }
    return cli(command.toArray(String[]::new));
  }

  /** The worker process, as a unit would run it. */
  EtcdDrProcess worker(String... extra) throws Exception {
    return worker(Map.of(), extra);
  }

  /** The worker process with these variables added to its environment. */
  EtcdDrProcess worker(Map<String, String> environment, String... extra) throws Exception {
    return workerAt(address, environment, extra);
  }

  /** The worker process polling Temporal at {@code temporalAddress} (a proxy, say). */
  EtcdDrProcess workerAt(String temporalAddress, Map<String, String> environment, String... extra)
      throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of(
                "worker",
                "--address",
                temporalAddress,
                "--library",
                "../runbooks",
                "--clusters",
                clusters(),
                "--split-brain-check",
                "2s",
                "--users",
                users().file().toString()));
    args.addAll(List.of(extra));
    Path log = dir.resolve("processes.log");
    EtcdDrProcess worker = EtcdDrProcess.start(log, environment, args.toArray(String[]::new));
    // What comes next (a CLI run) waits 20 s for a worker: it must find this one polling.
    return worker.awaitSaid(log, "pid " + worker.pid() + ")", Duration.ofSeconds(120));
  }

  /**
   * Posts a firing alert for the lab's cluster and learner node1 to the worker's Alertmanager
   * webhook, as Alertmanager would (severity critical, startsAt fixed: one incident); the answer.
   */
  static HttpResponse<String> postAlert(String api, String token, String alertname)
      throws Exception {
    String body =
        "{\"version\":\"4\",\"status\":\"firing\",\"receiver\":\"etcd-dr\",\"alerts\":[{\"status\":"
            + "\"firing\",\"labels\":{\"alertname\":\""
            + alertname
            + "\",\"severity\":\"critical\",\"cluster\":\"lab\",\"learner\":\"node1\"},"
            + "\"annotations\":{},\"startsAt\":\"2026-11-25T07:00:00Z\"}]}";
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://" + api + "/v1/alerts/alertmanager"))
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  /** The cluster as the worker's etcd activities see it: its current generation, foreign ones. */
  ClusterHealth health() {
    return new EtcdActivitiesImpl(
            new EtcdClusters(
                new ClusterInventory(lab.layout().clusters()),
                new TemporalClusterRecords(temporal.client())))
        .health(CLUSTER);
  }

  /** A client with the worker's certificate, as an operator's tools would have it. */
  Client etcdClient(List<String> endpoints) throws Exception {
    LabLayout l = lab.layout();
    return EtcdClients.connect(
        endpoints, new EtcdTls(l.workerCert("ca"), l.workerCert("cert"), l.workerCert("key")));
  }

  /**
   * The cluster's record. A query that lands while the record continues as new can fail; the test
   * asks again, as an operator would, rather than fail on a moment the product does not depend on.
   */
  Optional<ClusterRecord> record() throws InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try {
        return new TemporalClusterRecords(temporal.client()).find(CLUSTER);
      } catch (io.temporal.client.WorkflowServiceException e) {
        if (attempt == 5) {
          throw e;
        }
        Thread.sleep(1000);
      }
    }
  }

  /**
   * `etcd-dr fence-check --release` on the node, as an operator logged in there would run it: the
   * node's held etcd comes back; its output.
   */
  String release(String node) {
    return CliRun.succeeding(
        "fence-check",
        "--release",
        "--node",
        node,
        "--address",
        address,
        "--root",
        lab.layout().root(node).toString(),
        "--docker-host",
        lab.layout().docker(node).host(),
        "--clusters",
        clusters());
  }

  /** The nodes lose their power together, as a site does. */
  void powerOff(String... nodes) throws Exception {
    lab.powerOff(List.of(nodes));
  }

  /** The nodes' power comes back together: each boots fence check, engine, agent. */
  void powerOn(String... nodes) throws Exception {
    lab.powerOn(List.of(nodes), address);
  }

  @Override
  public void close() throws Exception {
    if (System.getProperty("lab.keep") != null) {
      System.out.println("lab.keep: leaving the lab in " + dir + " (its processes still run)");
      return;
    }
    // Each in turn, also after one failed: a lab whose network would not go down left its test
    // server running once.
    Together.inTurn(
        List.of(
            temporal::close,
            lab::down,
            server::close,
            () -> HostTools.deleteTree(dir),
            block::close));
  }
}
