package io.etcddr.engine;

import io.etcddr.contract.EngineDataConverter;
import io.etcddr.contract.PlanInput;
import io.etcddr.contract.TaskQueues;
import io.etcddr.runbook.compile.Compilation;
import io.etcddr.runbook.compile.Plan;
import io.etcddr.runbook.compile.RunbookCompiler;
import io.etcddr.runbook.library.DirectoryLibrary;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A time-skipping Temporal test environment with the real interpreter, a worker on {@code etcd-dr}
 * and one per node, scripted activities, and runbooks compiled from src/test/resources/engine.
 */
final class EngineHarness implements AutoCloseable {

  static final Path RUNBOOKS = Path.of("src", "test", "resources", "engine");

  final TestWorkflowEnvironment env;
  final WorkflowClient client;
  final ScriptedActivities activities = new ScriptedActivities();

  /** Every node lookup the engine asked for, as "caNode CLUSTER" or "deployNode CLUSTER". */
  final List<String> lookups = new CopyOnWriteArrayList<>();

  private final List<String> nodes;

  private final RunbookCompiler compiler = new RunbookCompiler(new DirectoryLibrary(RUNBOOKS));

  EngineHarness(String... nodes) {
    this(new com.uber.m3.tally.NoopScope(), nodes);
  }

  /** With the workers' metrics going to {@code metrics}. */
  EngineHarness(com.uber.m3.tally.Scope metrics, String... nodes) {
    this.nodes = List.of(nodes);
    env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder()
                .setMetricsScope(metrics)
                .setWorkflowClientOptions(
                    WorkflowClientOptions.newBuilder()
                        .setDataConverter(EngineDataConverter.create())
                        .build())
                .build());
    Worker worker = env.newWorker(TaskQueues.WORKER);
    worker.registerWorkflowImplementationTypes(RunbookWorkflowImpl.class, DryRunWorkflowImpl.class);
    worker.registerActivitiesImplementations(new LibraryEngineActivities(), activities);
    for (String node : nodes) {
      env.newWorker(TaskQueues.node(node)).registerActivitiesImplementations(activities);
    }
    env.start();
    client = env.getWorkflowClient();
  }

  Plan plan(String name) {
    try {
      Path file = RUNBOOKS.resolve(name + ".yaml");
      Compilation result = compiler.compile(file.toString(), Files.readString(file));
      return result.planOrThrow();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The shipped library (../runbooks), for tests of the runbooks operators use. */
  static final Path SHIPPED = Path.of("..", "runbooks");

  /** A runbook of the shipped library, compiled. */
  Plan shippedPlan(String name) {
    try {
      Path file = SHIPPED.resolve(name + ".yaml");
      return new RunbookCompiler(new DirectoryLibrary(SHIPPED))
          .compile(file.toString(), Files.readString(file))
          .planOrThrow();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  WorkflowStub start(String runbook, Map<String, Object> inputs) {
    return start(plan(runbook), inputs);
  }

  WorkflowStub start(Plan plan, Map<String, Object> inputs) {
    String runbook = plan.runbook();
    WorkflowStub stub =
        client.newUntypedWorkflowStub(
            RunbookWorkflow.TYPE,
            WorkflowOptions.newBuilder()
                .setTaskQueue(TaskQueues.WORKER)
                .setWorkflowId(runbook + "-test")
                .build());
    stub.start(RunRequest.ofPlan(plan, inputs));
    return stub;
  }

  RunStatus status(WorkflowStub stub) {
    return stub.query(RunbookWorkflow.QUERY_STATUS, RunStatus.class);
  }

  @Override
  public void close() {
    env.close();
  }

  /** A decision as the worker's HTTP API makes it for a person it identified by token. */
  ApprovalDecision verified(
      WorkflowStub run, String step, boolean approve, String name, String... roles) {
    return approvers.decision(run.getExecution().getWorkflowId(), step, approve, name, roles);
  }

  /** Approvals by alice and bob, both sre: what the shipped failover and restore ask for. */
  void approveAsTwoPeople(WorkflowStub run, String step) {
    run.signal(RunbookWorkflow.SIGNAL_APPROVE, verified(run, step, true, "alice", "sre"));
    run.signal(RunbookWorkflow.SIGNAL_APPROVE, verified(run, step, true, "bob", "sre"));
  }

  /** The worker's approval key, as the harness's engine activities hand it to runs. */
  final TestApprovers approvers = new TestApprovers();

  /** engine.loadPlan over the test runbooks; nodes "deploy" and "ca" for every cluster. */
  final class LibraryEngineActivities implements EngineActivities {
    @Override
    public String approvalKey() {
      return approvers.publicKey();
    }

    @Override
    public Plan loadPlan(String runbook) {
      Path file = RUNBOOKS.resolve(runbook + ".yaml");
      if (!Files.exists(file)) {
        throw ApplicationFailure.newNonRetryableFailure("no runbook " + runbook, "UnknownRunbook");
      }
      return plan(runbook);
    }

    /**
     * The harness's nodes are the inventory: any other node input is refused, as the worker does.
     */
    @Override
    public void checkInputs(List<PlanInput> declared, Map<String, Object> inputs) {
      for (PlanInput input : declared) {
        Object value = inputs.get(input.name());
        List<?> named =
            value instanceof List<?> list
                ? list
                : input.type().equals("node") ? List.of(String.valueOf(value)) : List.of();
        for (Object node : named) {
          if (!nodes.contains(String.valueOf(node))) {
            throw ApplicationFailure.newNonRetryableFailure(
                "input `" + input.name() + "`: `" + node + "` is not a node; known: " + nodes,
                "BadInput");
          }
        }
      }
    }

    @Override
    public String deployNode(String cluster) {
      lookups.add("deployNode " + cluster);
      return "deploy";
    }

    @Override
    public String caNode(String cluster) {
      lookups.add("caNode " + cluster);
      return "ca";
    }
  }
}
