package io.etcddr.connect;

import io.etcddr.activities.support.DaemonThreads;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Speaks for a worker's or agent's pollers while Temporal is gone: one line when the frontend stops
 * answering its health check, one when it answers again, with how long it was away. The pollers
 * retry by themselves, with backoff; their own warning per failed poll is dropped meanwhile ({@link
 * TemporalOutageFilter}), so an outage of an hour is two lines, not thousands.
 */
public final class TemporalOutages implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TemporalOutages.class);
  private static final String SERVICE = WorkflowServiceStubs.HEALTH_CHECK_SERVICE_NAME;

  private final WorkflowServiceStubs service;
  private final String address;
  private final ScheduledExecutorService timer;
  private long downSince;

  private TemporalOutages(WorkflowServiceStubs service) {
    this.service = service;
    this.address = service.getOptions().getTarget();
    this.timer =
        Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("etcd-dr-temporal-watch"));
  }

  public static TemporalOutages watch(WorkflowServiceStubs service, Duration every) {
    TemporalOutages outages = new TemporalOutages(service);
    TemporalOutageFilter.watched(true);
    outages.timer.scheduleWithFixedDelay(
        outages::check, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    return outages;
  }

  private void check() {
    boolean up;
    try {
      up =
          HealthGrpc.newBlockingStub(service.getRawChannel())
                  .withDeadlineAfter(2, TimeUnit.SECONDS)
                  .check(HealthCheckRequest.newBuilder().setService(SERVICE).build())
                  .getStatus()
              == HealthCheckResponse.ServingStatus.SERVING;
    } catch (RuntimeException unreachable) {
      up = false;
    }
    if (!up && downSince == 0) {
      downSince = System.nanoTime();
      LOG.warn(
          "Temporal at {} is unreachable; polling goes on with backoff and runs resume when it is"
              + " back (said once)",
          address);
    } else if (up && downSince != 0) {
      long seconds = (System.nanoTime() - downSince) / 1_000_000_000L;
      downSince = 0;
      LOG.info("Temporal at {} is reachable again after {} s", address, seconds);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
