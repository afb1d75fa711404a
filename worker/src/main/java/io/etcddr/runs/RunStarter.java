package io.etcddr.runs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.etcddr.activities.inventory.ClusterInventory;
import io.etcddr.activities.inventory.InputCheck;
import io.etcddr.connect.TemporalConnection;
import io.etcddr.contract.TaskQueues;
import io.etcddr.engine.DryRunReport;
import io.etcddr.engine.DryRunWorkflow;
import io.etcddr.engine.InputsCheckWorkflow;
import io.etcddr.engine.RunRequest;
import io.etcddr.engine.RunbookWorkflow;
import io.etcddr.engine.SearchAttributes;
import io.etcddr.runbook.compile.Plan;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowServiceException;
import io.temporal.client.WorkflowStub;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Starts runs so that there is one run per cluster and runbook at a time: a deterministic workflow
 * id and the conflict policy USE_EXISTING, so a second start (a repeated alert, a second operator)
 * attaches to the running one.
 */
public final class RunStarter {

  /** A started or attached run; the API's answer to `POST /v1/runs` as it is. */
  @com.fasterxml.jackson.annotation.JsonInclude(
      com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
  public record Started(
      String workflowId, String runId, boolean attached, String link, String note) {}

  private static final ObjectMapper SORTED =
      new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  /** The inputs name a cluster or node the inventory does not know: no run was created. */
  public static final class InputsRefused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InputsRefused(String message) {
      super(message);
    }
  }

  /** No worker took the inputs check in time: nothing was started. */
  public static final class NoWorker extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NoWorker(String message) {
      super(message);
    }
  }

  private final TemporalConnection temporal;
  private final ClusterInventory inventory;

  /**
   * @param inventory what every run's cluster and node inputs are checked against before it exists;
   *     null when the starter holds none and has asked the worker ({@link #checkWithWorker})
   */
  public RunStarter(TemporalConnection temporal, ClusterInventory inventory) {
    this.temporal = temporal;
    this.inventory = inventory;
  }

  /**
   * {@code runbook/cluster} when the run has a cluster input, else {@code runbook/<inputs digest>}.
   */
  public static String workflowId(String runbook, Map<String, Object> inputs) {
    Object cluster = inputs.get("cluster");
    if (cluster instanceof String name && !name.isBlank()) {
      return runbook + "/" + name;
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(
                  SORTED
                      .writeValueAsString(new TreeMap<>(inputs))
                      .getBytes(StandardCharsets.UTF_8));
      return runbook + "/" + HexFormat.of().formatHex(digest).substring(0, 12);
    } catch (JsonProcessingException | java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("plain inputs always serialise", e);
    }
  }

  /** Refuses inputs that name a cluster or node the inventory does not know. */
  public static void check(Plan plan, Map<String, Object> inputs, ClusterInventory inventory) {
    InputCheck.problem(plan.inputs(), inputs, inventory)
        .ifPresent(
            problem -> {
              throw new InputsRefused(problem);
            });
  }

  /**
   * Asks the worker, which owns the inventory, to check the inputs: a short workflow of one
   * activity on the worker's queue, so that a bad input creates no run.
   *
   * @throws InputsRefused when the inputs name an unknown cluster or node
   * @throws NoWorker when no worker answers within {@code wait}
   */
  public void checkWithWorker(Plan plan, Map<String, Object> inputs, Duration wait) {
    WorkflowStub check =
        temporal
            .client()
            .newUntypedWorkflowStub(
                InputsCheckWorkflow.TYPE,
                WorkflowOptions.newBuilder()
                    .setWorkflowId("inputs-check/" + UUID.randomUUID())
                    .setTaskQueue(TaskQueues.WORKER)
                    .setWorkflowExecutionTimeout(wait)
                    .setStaticSummary("checks the inputs of a " + plan.runbook() + " run")
                    .build());
    check.start(plan.inputs(), inputs);
    String problem;
    try {
      problem = check.getResult(wait.toMillis(), TimeUnit.MILLISECONDS, String.class);
    } catch (TimeoutException | WorkflowFailedException e) {
      boolean slow = tookIt(check.getExecution().getWorkflowId());
      String what =
          slow
              ? "an etcd-dr worker took the inputs check on task queue "
                  + TaskQueues.WORKER
                  + " but did not finish it within "
                  + wait.toSeconds()
                  + " s (starting or overloaded: its log says which)"
              : "no etcd-dr worker answered on task queue "
                  + TaskQueues.WORKER
                  + " within "
                  + wait.toSeconds()
                  + " s";
      throw new NoWorker(
          what
              + ", so the inputs could not be checked and nothing was started; "
              + (slow
                  ? "give it longer (run --worker-wait 2m) or look at the worker's log"
                  : "start the worker or check --address"));
    }
    if (!problem.isEmpty()) {
      throw new InputsRefused(problem);
    }
  }

  /** Whether a worker started a workflow task of this workflow: it polls, but was too slow. */
  private boolean tookIt(String workflowId) {
    try {
      return temporal.client().fetchHistory(workflowId).getEvents().stream()
          .anyMatch(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED);
    } catch (RuntimeException unreadable) {
      return false;
    }
  }

  /**
   * A dry run: what each step of the plan would do to the cluster now, asked where it would run.
   * Nothing is changed and no run is created; the dry run has an id of its own.
   *
   * @throws InputsRefused when the worker refuses the inputs
   * @throws NoWorker when no worker finished it within {@code wait}
   */
  public DryRunReport dryRun(Plan plan, Map<String, Object> inputs, Duration wait) {
    DryRunWorkflow dryRun =
        temporal
            .client()
            .newWorkflowStub(
                DryRunWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setWorkflowId(
                        DryRunWorkflow.ID_PREFIX + plan.runbook() + "/" + UUID.randomUUID())
                    .setTaskQueue(TaskQueues.WORKER)
                    .setWorkflowExecutionTimeout(wait)
                    .setStaticSummary("dry run of " + plan.runbook())
                    .build());
    try {
      return dryRun.dryRun(RunRequest.ofPlan(plan, inputs));
    } catch (WorkflowFailedException e) {
      Throwable cause = e.getCause();
      if (cause instanceof io.temporal.failure.ApplicationFailure refused) {
        throw new InputsRefused(refused.getOriginalMessage());
      }
      throw new NoWorker(
          "the dry run did not finish within "
              + wait.toSeconds()
              + " s ("
              + cause
              + "); check that the worker runs on task queue "
              + TaskQueues.WORKER);
    }
  }

  /**
   * Starts the run, or attaches to the one running for the same runbook and cluster.
   *
   * @throws InputsRefused when the inputs name an unknown cluster or node; nothing was created
   */
  public Started start(Plan plan, Map<String, Object> inputs, String workflowId) {
    if (inventory != null) {
      check(plan, inputs, inventory);
    }
    String id = workflowId == null ? workflowId(plan.runbook(), inputs) : workflowId;
    boolean attached = isRunning(id);
    String note = null;
    WorkflowStub stub;
    try {
      stub = stub(plan, inputs, id, true);
      stub.start(new RunRequest(plan.runbook(), plan, inputs, true));
    } catch (WorkflowServiceException e) {
      if (!String.valueOf(e.getCause()).toLowerCase().contains("search attribute")) {
        throw e;
      }
      // A real server without our search attributes registered: run anyway, and say how to fix.
      note =
          "search attributes EtcdDrCluster/EtcdDrRunbook/EtcdDrStatus are not registered; register them"
              + " with `temporal operator search-attribute create --name EtcdDrCluster --type Keyword` (and the"
              + " other two) to find runs by cluster in the Web UI";
      stub = stub(plan, inputs, id, false);
      stub.start(new RunRequest(plan.runbook(), plan, inputs, false));
    }
    String runId = stub.getExecution().getRunId();
    return new Started(id, runId, attached, temporal.uiLink(id), note);
  }

  private WorkflowStub stub(
      Plan plan, Map<String, Object> inputs, String id, boolean searchAttributes) {
    Object cluster = inputs.getOrDefault("cluster", "");
    WorkflowOptions.Builder options =
        WorkflowOptions.newBuilder()
            .setWorkflowId(id)
            .setTaskQueue(TaskQueues.WORKER)
            .setWorkflowIdConflictPolicy(
                WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
            .setStaticSummary(
                plan.runbook() + (cluster.toString().isEmpty() ? "" : " on " + cluster))
            .setStaticDetails(details(plan, inputs));
    if (searchAttributes) {
      options.setTypedSearchAttributes(
          io.temporal.common.SearchAttributes.newBuilder()
              .set(SearchAttributes.CLUSTER, cluster.toString())
              .set(SearchAttributes.RUNBOOK, plan.runbook())
              .set(SearchAttributes.STATUS, "running")
              .build());
    }
    return temporal.client().newUntypedWorkflowStub(RunbookWorkflow.TYPE, options.build());
  }

  private boolean isRunning(String id) {
    try {
      return temporal.client().newUntypedWorkflowStub(id).describe().getStatus()
          == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
    } catch (RuntimeException notFound) {
      return false;
    }
  }

  /** Markdown the Web UI shows with the run: what it does and with which inputs. */
  private static String details(Plan plan, Map<String, Object> inputs) {
    StringBuilder out = new StringBuilder();
    if (plan.description() != null) {
      out.append(plan.description()).append("\n\n");
    }
    inputs.forEach((k, v) -> out.append("- `").append(k).append("` = ").append(v).append('\n'));
    out.append("\nSteps: ");
    plan.steps().forEach(s -> out.append('`').append(s.id()).append("` "));
    return out.toString().strip();
  }
}
