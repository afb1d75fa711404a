package io.etcddr.cli;

import io.etcddr.activities.AgentEnvironment;
import io.etcddr.activities.fence.NodeFence;
import io.etcddr.activities.record.TemporalClusterRecords;
import io.etcddr.connect.TemporalConnection;
import io.etcddr.guard.FenceCheck;
import io.etcddr.guard.NodeRelease;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * `fence-check --node NAME`: run before the node's Docker engine starts (etcd-dr-fence.service,
 * ordered Before=docker.service), so a node of a failed-over site never lets its old etcd serve
 * again, not even for the seconds its agent needs to start, and a node that cannot confirm its
 * generation is current keeps etcd down (a hold). Exits 0 in every case: the node must boot.
 * `--release` is the operator's way out of a hold: it says what it puts back and records it.
 */
@Command(
    name = "fence-check",
    description =
        "Before the Docker engine starts: apply a pending fence order against this node to its"
            + " files (old etcd data dir moved aside); hold etcd down when this node served a"
            + " generation it cannot confirm is current. --release ends a hold by hand.")
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

  @Option(
      names = "--release",
      description =
          "you know better: put this node's held etcd data dir back and end its self-fence, start"
              + " etcd (and kube-apiserver), and record the release")
  boolean release;

  @Override
  public Integer call() throws Exception {
    if (release) {
      return release();
    }
    Duration bound = DurationOption.parse("--wait", wait, "write e.g. 30s or 2m");
    AgentEnvironment environment = reach.environment();
    try (TemporalConnection connection = TemporalConnection.openLazily(temporal.options())) {
      FenceCheck check =
          new FenceCheck(
              clusters.inventory(),
              new TemporalClusterRecords(connection.client()),
              new NodeFence(environment.paths(), null, environment.containers()),
              environment.paths(),
              Clock.systemUTC());
      check.run(node, bound).forEach(spec.commandLine().getOut()::println);
    }
    return ExitCode.OK.code();
  }

  private int release() throws Exception {
    AgentEnvironment environment = reach.environment();
    var out = spec.commandLine().getOut();
    try (TemporalConnection connection = TemporalConnection.openLazily(temporal.options())) {
      List<String> done =
          new NodeRelease(
                  node,
                  clusters.inventory(),
                  new TemporalClusterRecords(connection.client()),
                  environment.paths(),
                  io.etcddr.activities.docker.DockerEngine.connect(environment.dockerHost()),
                  System.getProperty("user.name"))
              .release();
      done.forEach(out::println);
    }
    return ExitCode.OK.code();
  }
}
