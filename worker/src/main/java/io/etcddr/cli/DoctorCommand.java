package io.etcddr.cli;

import io.etcddr.activities.inventory.Cluster;
import io.etcddr.activities.inventory.ClusterInventory;
import io.etcddr.connect.TemporalConnection;
import io.etcddr.connect.TemporalUnreachable;
import io.etcddr.doctor.Check;
import io.etcddr.doctor.Readiness;
import io.etcddr.engine.RunStatus;
import io.etcddr.engine.RunbookWorkflow;
import io.etcddr.runbook.compile.Plan;
import io.etcddr.runs.LibraryPlans;
import io.etcddr.runs.RunStarter;
import io.etcddr.text.TextTable;
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowStub;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * `doctor NAME`: one readiness table for a cluster. Temporal must answer; the worker proves itself
 * by running the library's read-only `doctor` runbook, whose steps ask every node's agent, etcd,
 * the certificates, the clocks and the deploy node; the last learner-drill adds its figures.
 */
@Command(
    name = "doctor",
    description =
        "Is the cluster ready for a DR? Temporal, worker, an agent on every node, the learner in"
            + " another site and its lag, the last drill, certificate expiry, clock skew, rke on"
            + " the deploy node. Exit 0 ready, 1 not ready.")
final class DoctorCommand implements Callable<Integer> {

  /** How long a run waits for a worker's first workflow task before the worker counts as absent. */
  private static final Duration WORKER_WAIT = Duration.ofSeconds(20);

  @Spec picocli.CommandLine.Model.CommandSpec spec;
  @Mixin TemporalFlags temporal;
  @Mixin Folders.Library library;
  @Mixin Folders.Clusters clusters;

  @Parameters(index = "0", paramLabel = "NAME", description = "the cluster's name")
  String name;

  @Option(
      names = "--timeout",
      defaultValue = "120",
      description = "seconds to wait for the checks (default ${DEFAULT-VALUE})")
  int timeoutSeconds;

  @Override
  public Integer call() throws Exception {
    Cluster cluster = cluster();
    Plan plan =
        LibraryPlans.read(library.existing())
            .find("doctor")
            .orElseThrow(
                () ->
                    new UsageException(
                        "no `doctor` runbook in " + library.path + "; use the shipped library"));
    List<Check> checks = new ArrayList<>();
    try (TemporalConnection connection = TemporalConnection.open(temporal.options())) {
      checks.add(Check.ok("temporal", "answers at " + temporal.address()));
      Optional<RunStatus> doctor = runDoctor(connection, plan, cluster, checks);
      if (doctor.isPresent()) {
        checks.addAll(Readiness.of(cluster, doctor.get(), lastDrill(connection), Instant.now()));
      }
    } catch (TemporalUnreachable e) {
      checks.add(Check.notReady("temporal", e.getMessage()));
    }
    print(checks);
    return checks.stream().anyMatch(c -> c.verdict() == Check.Verdict.NOT_READY)
        ? ExitCode.FAILED.code()
        : ExitCode.OK.code();
  }

  private Cluster cluster() {
    ClusterInventory inventory = clusters.inventory();
    try {
      return inventory.require(name);
    } catch (ClusterInventory.InventoryException e) {
      throw new UsageException(e.getMessage());
    }
  }

  /** The doctor run's status, or empty (with the reason among the checks) when no worker ran it. */
  private Optional<RunStatus> runDoctor(
      TemporalConnection connection, Plan plan, Cluster cluster, List<Check> checks)
      throws InterruptedException {
    Map<String, Object> inputs = new LinkedHashMap<>();
    inputs.put("cluster", name);
    inputs.put("nodes", cluster.nodes().stream().map(Cluster.Node::name).toList());
    RunStarter.Started started =
        new RunStarter(connection, clusters.inventory()).start(plan, inputs, null);
    WorkflowStub stub = connection.client().newUntypedWorkflowStub(started.workflowId());
    Instant begun = Instant.now();
    try {
      stub.getResult(WORKER_WAIT.toSeconds(), TimeUnit.SECONDS, Object.class);
    } catch (TimeoutException slow) {
      if (!workerTookIt(connection, started)) {
        stub.terminate("etcd-dr doctor: no worker took the run");
        checks.add(
            Check.notReady(
                "worker",
                "no worker took a run on task queue etcd-dr within "
                    + WORKER_WAIT.toSeconds()
                    + " s: start etcd-dr-worker"));
        return Optional.empty();
      }
      try {
        stub.getResult(timeoutSeconds, TimeUnit.SECONDS, Object.class);
      } catch (TimeoutException stillRunning) {
        stub.terminate("etcd-dr doctor: checks took longer than --timeout");
        checks.add(
            Check.notReady("worker", "the checks did not end within " + timeoutSeconds + " s"));
        return Optional.empty();
      }
    }
    checks.add(
        Check.ok(
            "worker",
            "ran the checks ("
                + started.workflowId()
                + ") in "
                + Duration.between(begun, Instant.now()).toSeconds()
                + " s"));
    return Optional.of(stub.query(RunbookWorkflow.QUERY_STATUS, RunStatus.class));
  }

  /** Whether any worker completed a workflow task of the run (its history says so). */
  private static boolean workerTookIt(TemporalConnection connection, RunStarter.Started started) {
    return connection
        .client()
        .fetchHistory(started.workflowId(), started.runId())
        .getEvents()
        .stream()
        .anyMatch(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED);
  }

  /** The cluster's last learner-drill, running or ended, if it ever had one. */
  private Optional<RunStatus> lastDrill(TemporalConnection connection) {
    try {
      WorkflowStub drill =
          connection
              .client()
              .newUntypedWorkflowStub(
                  RunStarter.workflowId("learner-drill", Map.of("cluster", name)));
      return Optional.of(drill.query(RunbookWorkflow.QUERY_STATUS, RunStatus.class));
    } catch (WorkflowNotFoundException never) {
      return Optional.empty();
    }
  }

  private void print(List<Check> checks) {
    PrintWriter out = spec.commandLine().getOut();
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"CHECK", "STATE", "DETAIL"});
    for (Check check : checks) {
      rows.add(new String[] {check.name(), check.verdict().label(), check.detail()});
    }
    TextTable.print(out, rows);
    long notReady = checks.stream().filter(c -> c.verdict() == Check.Verdict.NOT_READY).count();
    out.println(
        notReady == 0
            ? "cluster " + name + " is ready for a DR"
            : "cluster " + name + " is NOT READY: " + notReady + " check(s) failed");
    out.flush();
  }
}
