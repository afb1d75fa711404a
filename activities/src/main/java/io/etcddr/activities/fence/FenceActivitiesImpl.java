package io.etcddr.activities.fence;

import io.etcddr.activities.preflight.PreflightTable;
import io.etcddr.activities.preflight.Preflighted;
import io.etcddr.activities.support.ActivityFailures;
import io.etcddr.contract.Preflight;
import io.etcddr.contract.StepContext;
import io.etcddr.contract.cluster.FenceOrder;
import io.etcddr.contract.cluster.FenceReport;
import io.etcddr.contract.cluster.FenceRequest;
import io.etcddr.contract.fence.FenceActivities;
import java.time.Clock;

public final class FenceActivitiesImpl implements FenceActivities, Preflighted {

  private final NodeFence fence;
  private final String node;
  private final Clock clock;

  public FenceActivitiesImpl(NodeFence fence, String node, Clock clock) {
    this.fence = fence;
    this.node = node;
    this.clock = clock;
  }

  @Override
  public PreflightTable preflights() {
    return new PreflightTable()
        .add(
            "fence.node",
            FenceRequest.class,
            (request, asked, context) -> {
              var note = fence.noteAt(request.dataDir());
              if (note.isPresent()) {
                return Preflight.ready(
                    "nothing: "
                        + request.dataDir()
                        + " is already fenced (order "
                        + note.get().orderId()
                        + ")");
              }
              String would =
                  "stop "
                      + String.join(" and ", request.containers())
                      + " (restart policy no), move "
                      + request.dataDir()
                      + " aside";
              return fence.engineUp()
                  ? Preflight.ready(would)
                  : Preflight.ready(would + " (the engine is down: its files first)");
            })
        .readsDeclaredBy(this);
  }

  @Override
  public FenceReport fence(FenceRequest request, StepContext context) {
    FenceRequest order =
        request.orderId() == null || request.orderId().isBlank()
            ? new FenceRequest(
                request.cluster(),
                request.containers(),
                request.dataDir(),
                FenceOrder.idFor(context.runId()))
            : request;
    if (!fence.engineUp()) {
      fence.files(order, true, clock.millis());
      throw ActivityFailures.retryable(
          "the Docker engine of "
              + node
              + " is not up: "
              + order.dataDir()
              + " is fenced, its containers follow once the engine answers");
    }
    NodeFence.Containers containers = fence.containers(order.containers());
    long fencedAt = clock.millis();
    FenceNote note = fence.files(order, false, fencedAt);
    Long window =
        note.beforeEngine()
            ? Long.valueOf(0)
            : containers.etcdStartedAt() == null ? null : fencedAt - containers.etcdStartedAt();
    return new FenceReport(
        node,
        containers.stopped(),
        containers.disabled(),
        note.aside(),
        note.beforeEngine(),
        containers.etcdStartedAt(),
        fencedAt,
        window);
  }

  @Override
  public Kept kept(KeptRequest request, StepContext context) {
    String dataDir =
        request.dataDir() == null || request.dataDir().isBlank()
            ? FenceRequest.DEFAULT_DATA_DIR
            : request.dataDir();
    return fence.kept(dataDir);
  }
}
