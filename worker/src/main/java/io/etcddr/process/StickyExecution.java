package io.etcddr.process;

import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the worker keeps runs in its cache between workflow tasks (sticky execution). On a
 * Temporal server it does: otherwise every task replays the run's whole history, so a run's cost
 * grows with the square of its steps (bench/scale: 100 steps took 18 s, 10 took 0.6 s). The Java
 * test server (`etcd-dr dev`, the tests) keeps routing a killed worker's runs to its sticky queue
 * forever (docs/facts.md), so there each task goes to the shared queue and replays. The test server
 * is the one that gives no version in GetSystemInfo; a server that cannot be asked is treated as
 * it, which costs time, never a stuck run.
 */
final class StickyExecution {

  private static final Logger LOG = LoggerFactory.getLogger(StickyExecution.class);

  private StickyExecution() {}

  static WorkerOptions optionsFor(WorkflowServiceStubs service) {
    String version;
    try {
      version =
          service
              .blockingStub()
              .withDeadlineAfter(10, TimeUnit.SECONDS)
              .getSystemInfo(GetSystemInfoRequest.getDefaultInstance())
              .getServerVersion();
    } catch (RuntimeException unknown) {
      version = "";
    }
    if (!version.isEmpty()) {
      return WorkerOptions.newBuilder().build();
    }
    LOG.info(
        "Temporal gives no server version (the Java test server): runs replay their history on"
            + " every workflow task instead of staying in this worker's cache");
    return WorkerOptions.newBuilder().setStickyQueueScheduleToStartTimeout(Duration.ZERO).build();
  }
}
