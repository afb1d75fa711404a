package io.etcddr.cli;

import io.etcddr.api.ApiServer;
import io.etcddr.api.ApiToken;
import io.etcddr.api.HttpApi;
import io.etcddr.connect.TemporalConnection;
import io.etcddr.connect.TemporalOptions;
import io.etcddr.metrics.SplitBrainMonitor;
import io.etcddr.metrics.WorkerMetrics;
import io.etcddr.process.SearchAttributeRegistration;
import io.etcddr.process.TemporalTestServer;
import io.etcddr.process.UntilStopped;
import io.etcddr.process.WorkerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The long-running commands: `worker`, `agent` and `dev`. */
final class ProcessCommands {

  private ProcessCommands() {}

  @Command(
      name = "worker",
      description =
          "Run the etcd-dr worker: RunbookWorkflow and network activities on task queue etcd-dr.")
  static final class Worker implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin TemporalOptions temporal;
    @Mixin Folders.Library library;
    @Mixin Folders.Clusters clusters;
    @Mixin HttpOptions http;

    @Option(
        names = "--split-brain-check",
        defaultValue = "30s",
        description =
            "how often to ask every cluster for foreign members (etcd_dr_split_brain); off to stop")
    String splitBrainCheck;

    @Override
    public Integer call() throws Exception {
      var out = spec.commandLine().getOut();
      ApiToken token = http.address == null ? null : http.token(null);
      Duration checkEvery = splitBrainInterval(splitBrainCheck);
      WorkerMetrics metrics = new WorkerMetrics();
      TemporalConnection connection = TemporalConnection.open(temporal, metrics.temporalScope());
      WorkerProcess worker =
          WorkerProcess.start(
              connection.client(), true, List.of(), library.existing(), clusters.path, null);
      SplitBrainMonitor monitor =
          checkEvery == null
              ? null
              : SplitBrainMonitor.start(
                  clusters.path, connection.client(), metrics.registry(), checkEvery);
      out.println(
          "etcd-dr worker polling etcd-dr at "
              + temporal.address
              + " (namespace "
              + temporal.namespace
              + ", pid "
              + ProcessHandle.current().pid()
              + ")");
      ApiServer api = null;
      if (http.address != null) {
        api = http.start(http.address, token, connection, library.path, clusters.path, metrics);
        http.announce(api, out);
      }
      out.flush();
      UntilStopped.await(metrics, connection, worker, monitor, api);
      return ExitCode.OK.code();
    }
  }

  /** `--split-brain-check`: a duration, or off. */
  static Duration splitBrainInterval(String text) {
    if ("off".equals(text)) {
      return null;
    }
    return io.etcddr.runbook.expr.DurationText.parse(text)
        .orElseThrow(
            () ->
                new UsageException(
                    "--split-brain-check " + text + ": write a duration such as 30s, or off"));
  }

  @Command(
      name = "agent",
      description = "Run a node's agent: host activities on task queue etcd-dr@NODE.")
  static final class Agent implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin TemporalOptions temporal;

    @Option(names = "--node", required = true, description = "this node's name in the inventory")
    String node;

    @Mixin AgentReach reach;
    @Mixin Folders.Clusters clusters;
    @Mixin HttpOptions http;

    @Override
    public Integer call() throws Exception {
      var out = spec.commandLine().getOut();
      ApiToken token = http.address == null ? null : http.token(null);
      WorkerMetrics metrics = new WorkerMetrics();
      TemporalConnection connection = TemporalConnection.open(temporal, metrics.temporalScope());
      WorkerProcess agent =
          WorkerProcess.start(
              connection.client(), false, List.of(node), null, clusters.path, reach.environment());
      out.println(
          "etcd-dr agent for " + node + " polling etcd-dr@" + node + " at " + temporal.address);
      // An agent serves /healthz and /metrics only: its activities' metrics, never the run API.
      ApiServer api =
          http.address == null
              ? null
              : HttpApi.startForAgent(HttpApi.address(http.address), token, metrics);
      if (api != null) {
        out.println(
            "  /healthz and /metrics on http://"
                + api.address().getHostString()
                + ":"
                + api.address().getPort());
      }
      out.flush();
      UntilStopped.await(metrics, connection, agent, api);
      return ExitCode.OK.code();
    }
  }

  @Command(
      name = "dev",
      description =
          "Start a local Temporal (the Java test server, in-memory, in its own JVM), the worker and agents for the given nodes.")
  static final class Dev implements Callable<Integer> {
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
    @Mixin HttpOptions http;

    @Override
    public Integer call() throws Exception {
      var out = spec.commandLine().getOut();
      String httpAddress = http.address == null ? DEV_HTTP : http.address;
      // dev makes its token (or reuses the one it made before) where told, else in the temp folder.
      ApiToken token =
          httpAddress.equals("off")
              ? null
              : http.tokenFile != null
                  ? ApiToken.createIn(http.tokenFile)
                  : http.token(
                      Path.of(System.getProperty("java.io.tmpdir"), "etcd-dr-dev-api-token"));
      WorkerMetrics metrics = new WorkerMetrics();
      TemporalTestServer server = TemporalTestServer.start(port, log);
      Path inventory = clusters.path;
      List<String> agents = nodes;
      TemporalConnection connection = null;
      WorkerProcess workers = null;
      ApiServer api = null;
      try {
        SearchAttributeRegistration.register("127.0.0.1:" + port, "default");
        TemporalOptions temporal = new TemporalOptions();
        temporal.address = "127.0.0.1:" + port;
        temporal.namespace = "default";
        connection = TemporalConnection.open(temporal, metrics.temporalScope());
        if (lab) {
          io.etcddr.lab.Lab theLab = labDir.lab();
          theLab.up(temporal.address, out);
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
                reach.environment());
        if (token != null) {
          api = http.start(httpAddress, token, connection, library.path, inventory, metrics);
        }
      } catch (Exception e) {
        // Never leave the server process behind when the rest could not start.
        if (workers != null) {
          workers.close();
        }
        if (connection != null) {
          connection.close();
        }
        server.close();
        throw e;
      }
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
              + inventory.toAbsolutePath());
      if (api != null) {
        http.announce(api, out);
      }
      out.println(
          "  note: this server keeps everything in memory and has no Schedules API or visibility"
              + " queries; `schedule apply` falls back to cron workflows here. Stop with Ctrl-C.");
      out.flush();
      SplitBrainMonitor monitor =
          SplitBrainMonitor.start(
              inventory, connection.client(), metrics.registry(), Duration.ofSeconds(30));
      UntilStopped.await(server, metrics, connection, workers, monitor, api);
      return ExitCode.OK.code();
    }
  }
}
