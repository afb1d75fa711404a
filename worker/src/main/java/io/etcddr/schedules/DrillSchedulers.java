package io.etcddr.schedules;

import io.etcddr.activities.inventory.ClusterInventory;
import io.etcddr.connect.TemporalConnection;
import io.etcddr.runs.LibraryPlans;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.workflowservice.v1.ListSchedulesRequest;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import java.time.Duration;

/** Chooses how drills are scheduled on the server at hand. */
public final class DrillSchedulers {

  /** The scheduler, and a one-line note when it is the cron fallback. */
  public record Choice(DrillScheduler scheduler, String note) {}

  private DrillSchedulers() {}

  public static Choice forServer(
      TemporalConnection temporal,
      LibraryPlans library,
      Duration catchupWindow,
      ClusterInventory inventory) {
    if (hasSchedulesApi(temporal)) {
      ScheduleClient client =
          ScheduleClient.newInstance(
              temporal.service(),
              ScheduleClientOptions.newBuilder()
                  .setNamespace(temporal.options().namespace())
                  .setDataConverter(temporal.client().getOptions().getDataConverter())
                  .build());
      return new Choice(new TemporalSchedules(client, temporal.client(), catchupWindow), null);
    }
    return new Choice(
        new CronWorkflows(temporal, library, inventory),
        "this Temporal server has no Schedules API (the dev server?): drills run as cron workflows"
            + " on the same cron, without overlap or catch-up policy or jitter");
  }

  private static boolean hasSchedulesApi(TemporalConnection temporal) {
    try {
      temporal
          .service()
          .blockingStub()
          .listSchedules(
              ListSchedulesRequest.newBuilder()
                  .setNamespace(temporal.options().namespace())
                  .setMaximumPageSize(1)
                  .build());
      return true;
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
        return false;
      }
      throw e;
    }
  }
}
