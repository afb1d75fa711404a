package io.etcddr.schedules;

import com.google.protobuf.Timestamp;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.stub.StreamObserver;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.schedule.v1.Schedule;
import io.temporal.api.schedule.v1.ScheduleActionResult;
import io.temporal.api.schedule.v1.ScheduleInfo;
import io.temporal.api.schedule.v1.ScheduleListEntry;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.CreateScheduleRequest;
import io.temporal.api.workflowservice.v1.CreateScheduleResponse;
import io.temporal.api.workflowservice.v1.DeleteScheduleRequest;
import io.temporal.api.workflowservice.v1.DeleteScheduleResponse;
import io.temporal.api.workflowservice.v1.DescribeScheduleRequest;
import io.temporal.api.workflowservice.v1.DescribeScheduleResponse;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.api.workflowservice.v1.GetSystemInfoResponse;
import io.temporal.api.workflowservice.v1.ListSchedulesRequest;
import io.temporal.api.workflowservice.v1.ListSchedulesResponse;
import io.temporal.api.workflowservice.v1.PatchScheduleRequest;
import io.temporal.api.workflowservice.v1.PatchScheduleResponse;
import io.temporal.api.workflowservice.v1.UpdateScheduleRequest;
import io.temporal.api.workflowservice.v1.UpdateScheduleResponse;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Schedules part of Temporal's gRPC API, recording every request and keeping schedules in a
 * map: what the SDK's Schedule client sends is what a real server would receive. No Schedules
 * server runs here (the Java test server has none), so this is where the requests are checked.
 */
final class FakeScheduleService extends WorkflowServiceGrpc.WorkflowServiceImplBase
    implements AutoCloseable {

  final List<Object> requests = new ArrayList<>();
  final Map<String, Schedule> schedules = new LinkedHashMap<>();
  private final Server server;

  FakeScheduleService(String host) throws IOException {
    HealthStatusManager health = new HealthStatusManager();
    health.setStatus(WorkflowServiceGrpc.SERVICE_NAME, HealthCheckResponse.ServingStatus.SERVING);
    server =
        NettyServerBuilder.forAddress(new InetSocketAddress(host, 0))
            .addService(this)
            // The SDK checks the server's health when it connects.
            .addService(health.getHealthService())
            .build()
            .start();
  }

  String target() {
    InetSocketAddress address = (InetSocketAddress) server.getListenSockets().get(0);
    return address.getHostString() + ":" + address.getPort();
  }

  <T> List<T> requests(Class<T> type) {
    return requests.stream().filter(type::isInstance).map(type::cast).toList();
  }

  @Override
  public void getSystemInfo(
      GetSystemInfoRequest request, StreamObserver<GetSystemInfoResponse> out) {
    reply(out, GetSystemInfoResponse.getDefaultInstance());
  }

  @Override
  public synchronized void listSchedules(
      ListSchedulesRequest request, StreamObserver<ListSchedulesResponse> out) {
    ListSchedulesResponse.Builder list = ListSchedulesResponse.newBuilder();
    schedules
        .keySet()
        .forEach(id -> list.addSchedules(ScheduleListEntry.newBuilder().setScheduleId(id)));
    reply(out, list.build());
  }

  /** Every schedule's next action and last run, as a server reports them once it has run. */
  static final Instant NEXT = Instant.parse("2026-11-26T03:00:00Z");

  static final WorkflowExecution LAST_RUN =
      WorkflowExecution.newBuilder()
          .setWorkflowId("learner-drill/lab-2026-11-25T03:00:00Z")
          .setRunId("run-1")
          .build();

  @Override
  public void describeWorkflowExecution(
      DescribeWorkflowExecutionRequest request,
      StreamObserver<DescribeWorkflowExecutionResponse> out) {
    reply(
        out,
        DescribeWorkflowExecutionResponse.newBuilder()
            .setWorkflowExecutionInfo(
                WorkflowExecutionInfo.newBuilder()
                    .setExecution(request.getExecution())
                    .setStatus(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED))
            .build());
  }

  @Override
  public synchronized void createSchedule(
      CreateScheduleRequest request, StreamObserver<CreateScheduleResponse> out) {
    requests.add(request);
    if (schedules.containsKey(request.getScheduleId())) {
      out.onError(Status.ALREADY_EXISTS.withDescription("schedule exists").asRuntimeException());
      return;
    }
    schedules.put(request.getScheduleId(), request.getSchedule());
    reply(out, CreateScheduleResponse.getDefaultInstance());
  }

  @Override
  public synchronized void describeSchedule(
      DescribeScheduleRequest request, StreamObserver<DescribeScheduleResponse> out) {
    Schedule schedule = schedules.get(request.getScheduleId());
    if (schedule == null) {
      out.onError(Status.NOT_FOUND.withDescription("schedule not found").asRuntimeException());
      return;
    }
    reply(
        out,
        DescribeScheduleResponse.newBuilder()
            .setSchedule(schedule)
            .setInfo(
                ScheduleInfo.newBuilder()
                    .addFutureActionTimes(timestamp(NEXT))
                    .addRecentActions(
                        ScheduleActionResult.newBuilder()
                            .setScheduleTime(timestamp(NEXT.minusSeconds(86400)))
                            .setActualTime(timestamp(NEXT.minusSeconds(86400)))
                            .setStartWorkflowResult(LAST_RUN)))
            .build());
  }

  @Override
  public synchronized void updateSchedule(
      UpdateScheduleRequest request, StreamObserver<UpdateScheduleResponse> out) {
    requests.add(request);
    schedules.put(request.getScheduleId(), request.getSchedule());
    reply(out, UpdateScheduleResponse.getDefaultInstance());
  }

  @Override
  public synchronized void patchSchedule(
      PatchScheduleRequest request, StreamObserver<PatchScheduleResponse> out) {
    requests.add(request);
    Schedule schedule = schedules.get(request.getScheduleId());
    if (!request.getPatch().getPause().isEmpty()) {
      schedule =
          schedule.toBuilder().setState(schedule.getState().toBuilder().setPaused(true)).build();
    } else if (!request.getPatch().getUnpause().isEmpty()) {
      schedule =
          schedule.toBuilder().setState(schedule.getState().toBuilder().setPaused(false)).build();
    }
    schedules.put(request.getScheduleId(), schedule);
    reply(out, PatchScheduleResponse.getDefaultInstance());
  }

  @Override
  public synchronized void deleteSchedule(
      DeleteScheduleRequest request, StreamObserver<DeleteScheduleResponse> out) {
    requests.add(request);
    schedules.remove(request.getScheduleId());
    reply(out, DeleteScheduleResponse.getDefaultInstance());
  }

  private static Timestamp timestamp(Instant instant) {
    return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).build();
  }

  private static <T> void reply(StreamObserver<T> out, T response) {
    out.onNext(response);
    out.onCompleted();
  }

  @Override
  public void close() {
    server.shutdownNow();
  }
}
