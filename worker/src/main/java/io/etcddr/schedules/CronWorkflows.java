package io.etcddr.schedules;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import io.etcddr.activities.inventory.ClusterInventory;
import io.etcddr.connect.TemporalConnection;
import io.etcddr.contract.TaskQueues;
import io.etcddr.engine.RunRequest;
import io.etcddr.engine.RunbookWorkflow;
import io.etcddr.runbook.compile.Plan;
import io.etcddr.runs.LibraryPlans;
import io.etcddr.runs.RunStarter;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.filter.v1.WorkflowExecutionFilter;
import io.temporal.api.filter.v1.WorkflowTypeFilter;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.history.v1.WorkflowExecutionStartedEventAttributes;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.ListClosedWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsRequest;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.converter.DataConverter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Drills as Temporal cron workflows, for servers without the Schedules API (the dev server): the
 * same runbook, inputs and cron, one workflow per drill under the drill's id. What a Schedule keeps
 * as state is kept in the workflows themselves: the cron and inputs in the first event of the
 * drill's workflow; pause and delete end it with a reason that says which, and unpause starts it
 * again from the paused run's first event. A cron workflow never overlaps itself and does not catch
 * up, so there are no policies to set.
 */
public final class CronWorkflows implements DrillScheduler {

  static final String PAUSED = "etcd-dr schedule: paused";
  static final String DELETED = "etcd-dr schedule: deleted";
  static final String UPDATED = "etcd-dr schedule: updated";

  private static final CronParser UNIX_CRON =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

  private final ClusterInventory inventory;
  private final TemporalConnection temporal;
  private final LibraryPlans library;
  private final DataConverter converter;

  public CronWorkflows(
      TemporalConnection temporal, LibraryPlans library, ClusterInventory inventory) {
    this.inventory = inventory;
    this.temporal = temporal;
    this.library = library;
    this.converter = temporal.client().getOptions().getDataConverter();
  }

  /** A drill's workflow as started: its cron and what each run starts with. */
  private record Definition(String cron, RunRequest request) {}

  @Override
  public String apply(Drill drill) {
    Optional<WorkflowExecution> running = open(drill.id());
    if (running.isPresent()) {
      Definition current = definition(running.get());
      if (current.cron().equals(drill.cron()) && current.request().equals(drill.request())) {
        return "unchanged";
      }
      stub(running.get()).terminate(UPDATED);
    } else if (paused(drill.id()).isPresent()) {
      return "unchanged (paused; `schedule unpause " + drill.id() + "` resumes it)";
    }
    start(drill.id(), drill.cron(), drill.request());
    return running.isPresent() ? "updated" : "created";
  }

  @Override
  public List<Row> list() {
    Map<String, Row> rows = new LinkedHashMap<>();
    for (WorkflowExecutionInfo info : drills(true)) {
      String id = info.getExecution().getWorkflowId();
      String cron = definition(info.getExecution()).cron();
      rows.put(id, new Row(id, cron, false, next(cron), last(id)));
    }
    // Every ended cron run is listed here; look at each drill once.
    List<String> ended =
        drills(false).stream().map(i -> i.getExecution().getWorkflowId()).distinct().toList();
    for (String id : ended) {
      if (!rows.containsKey(id)) {
        paused(id)
            .ifPresent(
                run -> rows.put(id, new Row(id, definition(run).cron(), true, null, last(id))));
      }
    }
    return new ArrayList<>(rows.values());
  }

  @Override
  public void trigger(String id) {
    WorkflowExecution run =
        open(id).or(() -> paused(id)).orElseThrow(() -> new UnknownSchedule(id));
    RunRequest request = definition(run).request();
    Plan plan =
        library
            .find(request.runbook())
            .orElseThrow(
                () -> new UnknownSchedule(id + " (" + library.whyMissing(request.runbook()) + ")"));
    new RunStarter(temporal, inventory).start(plan, request.inputs(), null);
  }

  @Override
  public void pause(String id, String note) {
    stub(open(id).orElseThrow(() -> new UnknownSchedule(id))).terminate(PAUSED, note);
  }

  @Override
  public void unpause(String id, String note) {
    Definition definition =
        definition(paused(id).orElseThrow(() -> new UnknownSchedule(id + " (paused)")));
    start(id, definition.cron(), definition.request());
  }

  @Override
  public void delete(String id) {
    Optional<WorkflowExecution> running = open(id);
    if (running.isEmpty()) {
      WorkflowExecution pausedRun = paused(id).orElseThrow(() -> new UnknownSchedule(id));
      // A paused drill has nothing running. A workflow of it ended at once as deleted (its cron
      // would first run it next year) becomes its latest record, so `list` forgets the drill.
      start(id, "@yearly", definition(pausedRun).request());
      running = open(id);
    }
    stub(running.orElseThrow()).terminate(DELETED);
  }

  /** The cron's next time from now, in UTC as Temporal reads crons. */
  static Instant next(String cron) {
    return ExecutionTime.forCron(UNIX_CRON.parse(cron))
        .nextExecution(ZonedDateTime.now(ZoneOffset.UTC))
        .map(ZonedDateTime::toInstant)
        .orElse(null);
  }

  /**
   * The latest run that ran the runbook, read from its last event: runs ended by pause, update or
   * delete never did, and a cron run may end as "continued as new" whatever its result.
   */
  private String last(String id) {
    List<WorkflowExecutionInfo> ran =
        closed(id).stream()
            .filter(
                info ->
                    info.getStatus()
                        != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED)
            .toList();
    if (ran.isEmpty()) {
      return "-";
    }
    HistoryEvent end = lastEvent(ran.get(ran.size() - 1).getExecution());
    String outcome =
        switch (end.getEventType()) {
          case EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED -> "completed";
          case EVENT_TYPE_WORKFLOW_EXECUTION_FAILED -> "failed";
          case EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT -> "timed out";
          case EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED -> "cancelled";
          case EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW ->
              end.getWorkflowExecutionContinuedAsNewEventAttributes().hasFailure()
                  ? "failed"
                  : "completed";
          default -> end.getEventType().name().toLowerCase();
        };
    return Instant.ofEpochSecond(end.getEventTime().getSeconds()) + " " + outcome;
  }

  private void start(String id, String cron, RunRequest request) {
    WorkflowOptions options =
        WorkflowOptions.newBuilder()
            .setWorkflowId(id)
            .setTaskQueue(TaskQueues.WORKER)
            .setCronSchedule(cron)
            .setStaticSummary("scheduled " + request.runbook() + " (" + cron + ")")
            .build();
    temporal.client().newUntypedWorkflowStub(RunbookWorkflow.TYPE, options).start(request);
  }

  private WorkflowStub stub(WorkflowExecution execution) {
    return temporal
        .client()
        .newUntypedWorkflowStub(
            execution.getWorkflowId(), Optional.of(execution.getRunId()), Optional.empty());
  }

  private Definition definition(WorkflowExecution execution) {
    WorkflowExecutionStartedEventAttributes started =
        temporal
            .client()
            .fetchHistory(execution.getWorkflowId(), execution.getRunId())
            .getEvents()
            .get(0)
            .getWorkflowExecutionStartedEventAttributes();
    RunRequest request =
        converter.fromPayloads(
            0, Optional.of(started.getInput()), RunRequest.class, RunRequest.class);
    return new Definition(started.getCronSchedule(), request);
  }

  private HistoryEvent lastEvent(WorkflowExecution execution) {
    List<HistoryEvent> events =
        temporal.client().fetchHistory(execution.getWorkflowId(), execution.getRunId()).getEvents();
    return events.get(events.size() - 1);
  }

  private Optional<WorkflowExecution> open(String id) {
    return drills(true).stream()
        .map(WorkflowExecutionInfo::getExecution)
        .filter(e -> e.getWorkflowId().equals(id))
        .findFirst();
  }

  /** The drill's latest run, when it was ended by `schedule pause`. */
  private Optional<WorkflowExecution> paused(String id) {
    List<WorkflowExecutionInfo> runs = closed(id);
    if (runs.isEmpty()) {
      return Optional.empty();
    }
    WorkflowExecutionInfo latest = runs.get(runs.size() - 1);
    if (latest.getStatus() != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED) {
      return Optional.empty();
    }
    HistoryEvent end = lastEvent(latest.getExecution());
    return end.hasWorkflowExecutionTerminatedEventAttributes()
            && PAUSED.equals(end.getWorkflowExecutionTerminatedEventAttributes().getReason())
        ? Optional.of(latest.getExecution())
        : Optional.empty();
  }

  /** Every open (or ended) run of any drill. */
  private List<WorkflowExecutionInfo> drills(boolean open) {
    WorkflowTypeFilter type = WorkflowTypeFilter.newBuilder().setName(RunbookWorkflow.TYPE).build();
    String namespace = temporal.options().namespace();
    var stub = temporal.service().blockingStub();
    List<WorkflowExecutionInfo> runs =
        open
            ? stub.listOpenWorkflowExecutions(
                    ListOpenWorkflowExecutionsRequest.newBuilder()
                        .setNamespace(namespace)
                        .setMaximumPageSize(1000)
                        .setTypeFilter(type)
                        .build())
                .getExecutionsList()
            : stub.listClosedWorkflowExecutions(
                    ListClosedWorkflowExecutionsRequest.newBuilder()
                        .setNamespace(namespace)
                        .setMaximumPageSize(1000)
                        .setTypeFilter(type)
                        .build())
                .getExecutionsList();
    return runs.stream()
        .filter(i -> i.getExecution().getWorkflowId().startsWith(Drill.ID_PREFIX))
        .toList();
  }

  /** The ended runs of one drill, oldest first by start (the test server has no close times). */
  private List<WorkflowExecutionInfo> closed(String id) {
    return temporal
        .service()
        .blockingStub()
        .listClosedWorkflowExecutions(
            ListClosedWorkflowExecutionsRequest.newBuilder()
                .setNamespace(temporal.options().namespace())
                .setMaximumPageSize(1000)
                .setExecutionFilter(WorkflowExecutionFilter.newBuilder().setWorkflowId(id))
                .build())
        .getExecutionsList()
        .stream()
        .sorted(
            Comparator.comparing((WorkflowExecutionInfo info) -> info.getStartTime().getSeconds())
                .thenComparing(info -> info.getStartTime().getNanos()))
        .toList();
  }
}
