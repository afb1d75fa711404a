package io.etcddr.schedules;

import io.etcddr.connect.GrpcStatus;
import io.etcddr.contract.TaskQueues;
import io.etcddr.engine.RunbookWorkflow;
import io.etcddr.runs.RunControl;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionExecutionStartWorkflow;
import io.temporal.client.schedules.ScheduleActionResult;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleAlreadyRunningException;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleDescription;
import io.temporal.client.schedules.ScheduleException;
import io.temporal.client.schedules.ScheduleHandle;
import io.temporal.client.schedules.ScheduleOptions;
import io.temporal.client.schedules.SchedulePolicy;
import io.temporal.client.schedules.ScheduleSpec;
import io.temporal.client.schedules.ScheduleState;
import io.temporal.client.schedules.ScheduleUpdate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Drills as Temporal Schedules (real servers). Overlap policy Skip: a drill still running when the
 * next one is due is not doubled. The runbook's jitter goes to the server, which delays each firing
 * by a random time up to it: many drills on one cron then reach the worker spread out. The catch-up
 * window is explicit: after an outage a missed drill runs only if the server is back within it, not
 * hours later in the working day.
 */
public final class TemporalSchedules implements DrillScheduler {

  private final ScheduleClient schedules;
  private final WorkflowClient workflows;
  private final Duration catchupWindow;

  public TemporalSchedules(
      ScheduleClient schedules, WorkflowClient workflows, Duration catchupWindow) {
    this.schedules = schedules;
    this.workflows = workflows;
    this.catchupWindow = catchupWindow;
  }

  /** The Schedule a drill becomes. */
  Schedule schedule(Drill drill) {
    return Schedule.newBuilder()
        .setAction(
            ScheduleActionStartWorkflow.newBuilder()
                .setWorkflowType(RunbookWorkflow.TYPE)
                .setArguments(drill.request())
                .setOptions(
                    WorkflowOptions.newBuilder()
                        .setWorkflowId(drill.workflowId())
                        .setTaskQueue(TaskQueues.WORKER)
                        .build())
                .build())
        .setSpec(
            ScheduleSpec.newBuilder()
                .setCronExpressions(List.of(drill.cron()))
                .setJitter(drill.jitter())
                .build())
        .setPolicy(
            SchedulePolicy.newBuilder()
                .setOverlap(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP)
                .setCatchupWindow(catchupWindow)
                .build())
        .setState(ScheduleState.newBuilder().setNote("etcd-dr: " + drill.runbook()).build())
        .build();
  }

  @Override
  public String apply(Drill drill) {
    Schedule schedule = schedule(drill);
    try {
      schedules.createSchedule(drill.id(), schedule, ScheduleOptions.newBuilder().build());
      return "created";
    } catch (ScheduleAlreadyRunningException exists) {
      schedules
          .getHandle(drill.id())
          .update(
              current ->
                  new ScheduleUpdate(
                      // Keep what an operator did: a paused drill stays paused.
                      Schedule.newBuilder(schedule)
                          .setState(current.getDescription().getSchedule().getState())
                          .build()));
      return "updated";
    }
  }

  @Override
  public List<Row> list() {
    return schedules
        .listSchedules()
        .filter(s -> s.getScheduleId().startsWith(Drill.ID_PREFIX))
        .map(s -> row(schedules.getHandle(s.getScheduleId()).describe()))
        .toList();
  }

  private Row row(ScheduleDescription description) {
    Schedule schedule = description.getSchedule();
    List<String> crons = schedule.getSpec().getCronExpressions();
    Instant next = description.getInfo().getNextActionTimes().stream().findFirst().orElse(null);
    return new Row(
        description.getId(),
        crons == null || crons.isEmpty() ? "(calendar)" : String.join(" | ", crons),
        schedule.getState() != null && schedule.getState().isPaused(),
        next,
        last(description.getInfo().getRecentActions()));
  }

  /** The latest run: when, which workflow, and how it is doing. */
  private String last(List<ScheduleActionResult> recent) {
    if (recent == null || recent.isEmpty()) {
      return "-";
    }
    ScheduleActionResult latest = recent.get(recent.size() - 1);
    if (!(latest.getAction() instanceof ScheduleActionExecutionStartWorkflow run)) {
      return latest.getStartedAt().toString();
    }
    WorkflowExecutionStatus status =
        workflows
            .newUntypedWorkflowStub(
                run.getWorkflowId(), Optional.of(run.getFirstExecutionRunId()), Optional.empty())
            .describe()
            .getStatus();
    return latest.getStartedAt()
        + " "
        + RunControl.statusName(status)
        + " ("
        + run.getWorkflowId()
        + ")";
  }

  @Override
  public void trigger(String id) {
    known(id).trigger();
  }

  @Override
  public void pause(String id, String note) {
    known(id).pause(note);
  }

  @Override
  public void unpause(String id, String note) {
    known(id).unpause(note);
  }

  @Override
  public void delete(String id) {
    known(id).delete();
  }

  private ScheduleHandle known(String id) {
    ScheduleHandle handle = schedules.getHandle(id);
    try {
      handle.describe();
      return handle;
    } catch (ScheduleException | StatusRuntimeException e) {
      if (GrpcStatus.is(e, Status.Code.NOT_FOUND)) {
        throw new UnknownSchedule(id);
      }
      throw e;
    }
  }
}
