package io.etcddr.cli;

import io.etcddr.activities.fence.SelfFence;
import io.etcddr.activities.inventory.ClusterInventory;
import io.etcddr.activities.record.TemporalClusterRecords;
import io.etcddr.api.ApiServer;
import io.etcddr.api.ApiToken;
import io.etcddr.api.HttpApi;
import io.etcddr.connect.TemporalConnection;
import io.etcddr.guard.NodeNotes;
import io.etcddr.guard.SiteLease;
import io.etcddr.metrics.SplitBrainMonitor;
import io.etcddr.metrics.WorkerMetrics;
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
    @Mixin TemporalFlags temporal;
    @Mixin Folders.Library library;
    @Mixin Folders.Clusters clusters;
    @Mixin HttpOptions http;

    @Option(
        names = "--split-brain-check",
        defaultValue = "5s",
        description =
            "how often to ask every cluster for its status: foreign members (etcd_dr_split_brain)"
                + " and the voters' revision kept for a failover's prompt; off to stop")
    String splitBrainCheck;

    @Option(
        names = "--temporal-wait",
        defaultValue = "2m",
        description =
            "how long to keep asking for Temporal at start before giving up (exit 1); a refused"
                + " certificate gives up at once (${DEFAULT-VALUE})")
    String temporalWait;

    @Override
    public Integer call() throws Exception {
      var out = spec.commandLine().getOut();
      Duration patience =
          DurationOption.parse("--temporal-wait", temporalWait, "write a duration such as 2m");
      ApiToken token = http.address == null ? null : http.token(null);
      if (http.address != null) {
        http.tls(); // a bad certificate or key fails here, before anything starts
      }
      Duration checkEvery = splitBrainInterval(splitBrainCheck);
      Path runbooks = library.existing(); // a wrong folder fails now, not after Temporal answers
      WorkerMetrics metrics = new WorkerMetrics();
      var err = spec.commandLine().getErr();
      TemporalConnection connection =
          TemporalConnection.openWaiting(
              temporal.options(),
              metrics.temporalScope(),
              patience,
              why -> {
                err.println("etcd-dr: " + why);
                err.flush();
              });
      WorkerProcess worker =
          WorkerProcess.start(
              connection.client(), true, List.of(), runbooks, clusters.path(), null, http.users());
      SplitBrainMonitor monitor =
          checkEvery == null
              ? null
              : SplitBrainMonitor.start(
                  clusters.path(), connection.client(), metrics.registry(), checkEvery);
      out.println(
          "etcd-dr worker polling etcd-dr at "
              + temporal.address()
              + " (namespace "
              + temporal.namespace
              + ", pid "
              + ProcessHandle.current().pid()
              + ")");
      ApiServer api = null;
      if (http.address != null) {
        api =
            http.start(
                http.address,
                token,
                connection,
                library.path,
                clusters.path(),
                metrics,
                cluster -> monitor == null ? java.util.Optional.empty() : monitor.latest(cluster));
        http.announce(api, out);
      }
      out.flush();
      UntilStopped.await(metrics, connection, worker, monitor, api);
      return ExitCode.OK.code();
    }
  }

  /** `--fence-after`: a duration of at least 5 s, or off. */
  static Duration fenceAfter(String text) {
    if ("off".equals(text)) {
      return null;
    }
    Duration lease =
        DurationOption.parse("--fence-after", text, "write a duration such as 15s, or off");
    if (lease.compareTo(Duration.ofSeconds(5)) < 0) {
      throw new UsageException(
          "--fence-after "
              + text
              + " is too short: a WAN blip would stop the site; use 5s or more");
    }
    return lease;
  }

  /** `--split-brain-check`: a duration, or off. */
  static Duration splitBrainInterval(String text) {
    if ("off".equals(text)) {
      return null;
    }
    return DurationOption.parse(
        "--split-brain-check", text, "write a duration such as 30s, or off");
  }

  @Command(
      name = "agent",
      description = "Run a node's agent: host activities on task queue etcd-dr@NODE.")
  static final class Agent implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin TemporalFlags temporal;

    @Option(names = "--node", required = true, description = "this node's name in the inventory")
    String node;

    @Option(
        names = "--fence-after",
        defaultValue = "${env:ETCD_DR_FENCE_AFTER:-15s}",
        description =
            "T_fence: on a node of a voters' site, stop kube-apiserver and etcd after this long"
                + " without reaching the witness (Temporal) or any node of another site; they come"
                + " back by themselves if the generation did not change (default ${DEFAULT-VALUE};"
                + " off to disable)")
    String fenceAfter;

    @Mixin AgentReach reach;
    @Mixin Folders.Clusters clusters;
    @Mixin HttpOptions http;

    @Override
    public Integer call() throws Exception {
      var out = spec.commandLine().getOut();
      ApiToken token = http.address == null ? null : http.token(null);
      if (http.address != null) {
        http.tls();
      }
      WorkerMetrics metrics = new WorkerMetrics();
      TemporalConnection connection = connectOrGuardMeanwhile(metrics, spec.commandLine().getErr());
      // The node's own guard first: it must run whatever Temporal does, and before anything that
      // may wait for Temporal.
      Duration lease = fenceAfter(fenceAfter);
      var environment = reach.environment();
      ClusterInventory inventory = new ClusterInventory(clusters.path());
      TemporalClusterRecords records = new TemporalClusterRecords(connection.client());
      var engine = io.etcddr.activities.docker.DockerEngine.connect(environment.dockerHost());
      SiteLease siteLease =
          lease == null
              ? null
              : SiteLease.start(
                  node,
                  inventory,
                  records,
                  environment.paths(),
                  new SelfFence(environment.paths(), engine),
                  temporal.address(),
                  lease,
                  connection::reconnectNow);
      NodeNotes notes =
          NodeNotes.start(
              node,
              inventory,
              records,
              environment.paths(),
              engine,
              environment.containers(),
              Duration.ofSeconds(5));
      WorkerProcess agent =
          WorkerProcess.start(
              connection.client(), false, List.of(node), null, clusters.path(), environment);
      out.println(
          "etcd-dr agent for " + node + " polling etcd-dr@" + node + " at " + temporal.address());
      // An agent serves /healthz and /metrics only: its activities' metrics, never the run API.
      ApiServer api =
          http.address == null
              ? null
              : HttpApi.startForAgent(HttpApi.address(http.address), http.tls(), token, metrics);
      if (api != null) {
        out.println("  /healthz and /metrics on " + api.url());
      }
      out.flush();
      UntilStopped.await(metrics, connection, agent, notes, siteLease, api);
      return ExitCode.OK.code();
    }

    /**
     * Temporal, or — when it does not answer — a connection that keeps trying: a node that boots
     * while cut off must still run its lease, so the agent starts either way and says so.
     */
    private TemporalConnection connectOrGuardMeanwhile(
        WorkerMetrics metrics, java.io.PrintWriter err) {
      try {
        return TemporalConnection.open(temporal.options(), metrics.temporalScope());
      } catch (io.etcddr.connect.TemporalUnreachable unreachable) {
        err.println(
            "etcd-dr: "
                + unreachable.getMessage()
                + "; starting anyway: the node's lease guards it until Temporal answers");
        err.flush();
        return TemporalConnection.openLazily(temporal.options(), metrics.temporalScope());
      }
    }
  }
}
