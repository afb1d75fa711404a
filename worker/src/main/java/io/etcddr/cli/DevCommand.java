package io.etcddr.cli;

import io.etcddr.api.ApiServer;
import io.etcddr.api.ApiToken;
import io.etcddr.connect.TemporalConnection;
import io.etcddr.connect.TemporalOptions;
import io.etcddr.devserver.TemporalTestServer;
import io.etcddr.metrics.SplitBrainMonitor;
import io.etcddr.metrics.WorkerMetrics;
import io.etcddr.process.SearchAttributeRegistration;
import io.etcddr.process.UntilStopped;
import io.etcddr.process.WorkerProcess;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "dev",
    description =
        "Start a local Temporal (the Java test server, in-memory, in its own JVM), the worker and agents for the given nodes.")
final class DevCommand implements Callable<Integer> {
  /** Where `dev` serves the HTTP API unless `--http` says otherwise (`--http off`: nowhere). */
  static final String DEV_HTTP = "127.0.0.1:8080";

  @Spec picocli.CommandLine.Model.CommandSpec spec;
  @Mixin AgentReach reach;
  @Mixin Folders.Library library;
  @Mixin Folders.Clusters clusters;

  @Option(
      names = "--port",
      defaultValue = "7233",
      description = "Temporal frontend port on 127.0.0.1 (default ${DEFAULT-VALUE})")
  int port;

  @Option(
      names = "--nodes",
      split = ",",
      defaultValue = "master1,master2,master3,node1,node2",
      description = "nodes to run agents for (default ${DEFAULT-VALUE})")
  List<String> nodes;

  @Option(
      names = "--log",
      defaultValue = "${sys:java.io.tmpdir}/etcd-dr-dev-server.log",
      description = "the test server's log file")
  Path log;

  @Option(
      names = "--lab",
      description =
          "also bring the lab up (or repair it) with its own agents, and use its inventory")
  boolean lab;

  @Mixin LabCommands.Where labDir;
  @Mixin LabCommands.Versions labVersions;
  @Mixin LabCommands.Topology labTopology;
  @Mixin HttpOptions http;

  @Override
  public Integer call() throws Exception {
    var out = spec.commandLine().getOut();
    String httpAddress = http.address == null ? DEV_HTTP : http.address;
    ApiToken token = httpAddress.equals("off") ? null : token();
    WorkerMetrics metrics = new WorkerMetrics();
    TemporalTestServer server = TemporalTestServer.start(port, log);
    Running running;
    try {
      running = startAround(server, metrics, httpAddress, token, out);
    } catch (Exception e) {
      server.close(); // never leave the server process behind when the rest could not start
      throw e;
    }
    announce(server, running, out);
    SplitBrainMonitor monitor =
        SplitBrainMonitor.start(
            running.inventory(),
            running.connection().client(),
            metrics.registry(),
            Duration.ofSeconds(5));
    UntilStopped.await(
        server, metrics, running.connection(), running.workers(), monitor, running.api());
    return ExitCode.OK.code();
  }

  /** What runs beside the server: the connection, the workers, the API, and the inventory used. */
  private record Running(
      TemporalConnection connection, WorkerProcess workers, ApiServer api, Path inventory) {}

  /** dev makes its token (or reuses the one it made before) where told, else in the temp folder. */
  private ApiToken token() {
    return http.tokenFile != null
        ? ApiToken.createIn(http.tokenFile)
        : http.token(Path.of(System.getProperty("java.io.tmpdir"), "etcd-dr-dev-api-token"));
  }

  private Running startAround(
      TemporalTestServer server,
      WorkerMetrics metrics,
      String httpAddress,
      ApiToken token,
      PrintWriter out)
      throws Exception {
    Path inventory = clusters.path();
    List<String> agents = nodes;
    TemporalConnection connection = null;
    WorkerProcess workers = null;
    try {
      SearchAttributeRegistration.register("127.0.0.1:" + port, "default");
      TemporalOptions temporal = TemporalOptions.plain("127.0.0.1:" + port);
      connection = TemporalConnection.open(temporal, metrics.temporalScope());
      if (lab) {
        io.etcddr.lab.Lab theLab = labDir.lab(labVersions, labTopology);
        theLab.up(temporal.address(), out);
        inventory = theLab.layout().clusters();
        agents = List.of(); // the lab's nodes have agent processes of their own
      }
      workers =
          WorkerProcess.start(
              connection.client(),
              true,
              agents,
              library.existing(),
              inventory,
              reach.environment(),
              http.users(DEV_USERS));
      ApiServer api =
          token == null
              ? null
              : http.start(
                  httpAddress,
                  token,
                  connection,
                  library.path,
                  inventory,
                  metrics,
                  cluster -> java.util.Optional.empty()); // dev checks no cluster: inventory only
      return new Running(connection, workers, api, inventory);
    } catch (Exception e) {
      if (workers != null) {
        workers.close();
      }
      if (connection != null) {
        connection.close();
      }
      throw e;
    }
  }

  /** Where dev keeps its people when --users is not given, as it does its API token. */
  static final Path DEV_USERS =
      Path.of(System.getProperty("java.io.tmpdir"), "etcd-dr-dev-people", "users.yaml");

  private void announce(TemporalTestServer server, Running running, PrintWriter out) {
    out.println(
        "etcd-dr dev: Temporal test server on 127.0.0.1:"
            + port
            + " (pid "
            + server.pid()
            + ", log "
            + log
            + ")");
    out.println(
        "  worker on task queue etcd-dr; agents for "
            + String.join(", ", lab ? List.of("the lab's nodes") : nodes)
            + " (task queues etcd-dr@NODE)"
            + (lab ? " in the lab's agent processes" : ""));
    out.println(
        "  library "
            + library.path.toAbsolutePath()
            + ", inventory "
            + running.inventory().toAbsolutePath());
    if (running.api() != null) {
      http.announce(running.api(), out);
    }
    out.println(
        "  note: this server keeps everything in memory and has no Schedules API or visibility"
            + " queries; `schedule apply` falls back to cron workflows here. Stop with Ctrl-C.");
    out.flush();
  }
}
