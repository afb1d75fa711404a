package io.etcddr.process;

import io.etcddr.config.BadSetting;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
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
 *
 * <p>{@code ETCD_DR_STICKY=on} keeps runs cached on the test server too, as a Temporal server
 * would: for measuring there what production does (bench/rto), where no worker is killed. {@code
 * off} replays on any server.
 */
final class StickyExecution {

  static final String VARIABLE = "ETCD_DR_STICKY";

  private static final Logger LOG = LoggerFactory.getLogger(StickyExecution.class);

  private StickyExecution() {}

  static WorkerOptions optionsFor(WorkflowServiceStubs service) {
    String asked = System.getenv(VARIABLE);
    if (sticky(asked, () -> serverVersion(service))) {
      return WorkerOptions.newBuilder().build();
    }
    LOG.info(
        "runs replay their history on every workflow task instead of staying in this worker's"
            + " cache ({}={}; auto: the server gives no version, as the Java test server)",
        VARIABLE,
        asked == null ? "auto" : asked);
    return WorkerOptions.newBuilder().setStickyQueueScheduleToStartTimeout(Duration.ZERO).build();
  }

  /**
   * Whether runs stay cached, for the variable's value (null: auto).
   *
   * @throws BadSetting when the value is none of auto, on and off
   */
  static boolean sticky(String asked, Supplier<String> serverVersion) {
    String value = asked == null ? "auto" : asked.strip().toLowerCase(Locale.ROOT);
    return switch (value) {
      case "on" -> true;
      case "off" -> false;
      case "auto", "" -> !serverVersion.get().isEmpty();
      default ->
          throw new BadSetting(
              VARIABLE + "=" + asked + " is not a choice; set it to auto, on or off (or unset it)");
    };
  }

  private static String serverVersion(WorkflowServiceStubs service) {
    try {
      return service
          .blockingStub()
          .withDeadlineAfter(10, TimeUnit.SECONDS)
          .getSystemInfo(GetSystemInfoRequest.getDefaultInstance())
          .getServerVersion();
    } catch (RuntimeException unknown) {
      return "";
    }
  }
}
