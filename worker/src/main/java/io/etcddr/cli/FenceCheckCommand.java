package io.etcddr.cli;

import io.etcddr.activities.AgentEnvironment;
import io.etcddr.activities.cluster.TemporalClusterRecords;
import io.etcddr.activities.fence.NodeFence;
import io.etcddr.connect.TemporalConnection;
import io.etcddr.process.FenceCheck;
import io.etcddr.runbook.expr.DurationText;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * `fence-check --node NAME`: run before the node's Docker engine starts (etcd-dr-fence.service,
 * ordered Before=docker.service), so a node of a failed-over site never lets its old etcd serve
 * again, not even for the seconds its agent needs to start. Exits 0 whether or not there was an
 * order, also when Temporal does not answer within --wait: the node must boot either way.
 */
@Command(
    name = "fence-check",
    description =
        "Before the Docker engine starts: apply a pending fence order against this node to its"
            + " files (old etcd data dir moved aside), so the old cluster cannot come back.")
final class FenceCheckCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;
  @Mixin TemporalFlags temporal;
  @Mixin AgentReach reach;
  @Mixin Folders.Clusters clusters;

  @Option(names = "--node", required = true, description = "this node's name in the inventory")
  String node;

  @Option(
      names = "--wait",
      defaultValue = "30s",
      description = "how long to wait for Temporal before booting without it (${DEFAULT-VALUE})")
  String wait;

  @Override
  public Integer call() throws Exception {
    Duration bound =
        DurationText.parse(wait)
            .orElseThrow(() -> new UsageException("--wait " + wait + ": write e.g. 30s or 2m"));
    AgentEnvironment environment = reach.environment();
    try (TemporalConnection connection = TemporalConnection.openLazily(temporal.options())) {
      FenceCheck check =
          new FenceCheck(
              clusters.inventory(),
              new TemporalClusterRecords(connection.client()),
              new NodeFence(environment.paths(), null, environment.containers()),
              Clock.systemUTC());
      check.run(node, bound).forEach(spec.commandLine().getOut()::println);
    }
    return ExitCode.OK.code();
  }
}
