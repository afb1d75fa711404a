package io.etcddr.connect;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.spi.FilterReply;
import io.grpc.Status;
import org.junit.jupiter.api.Test;

/**
 * The SDK's warning about a workflow task that expired while the server was away is dropped at any
 * time; other NOT_FOUND failures, and anything our own code logs, pass.
 */
class TemporalOutageFilterTest {

  private final LoggerContext context = new LoggerContext();
  private final TemporalOutageFilter filter = new TemporalOutageFilter();

  @Test
  void anExpiredWorkflowTaskIsDroppedAndOtherFailuresPass() {
    var sdk = context.getLogger("io.temporal.internal.worker.WorkflowWorker");
    var ours = context.getLogger("io.etcddr.process.WorkerProcess");
    Exception expired =
        Status.NOT_FOUND
            .withDescription("Expired workflow task: expectedHistorySize=29, actualHistorySize=33")
            .asRuntimeException();
    Exception otherNotFound =
        Status.NOT_FOUND.withDescription("workflow not found").asRuntimeException();
    Object[] wrapped = {new RuntimeException(expired)};

    assertThat(filter.decide(null, sdk, Level.WARN, "Failure while reporting", null, expired))
        .isEqualTo(FilterReply.DENY);
    assertThat(filter.decide(null, sdk, Level.WARN, "Failure {}", wrapped, null))
        .isEqualTo(FilterReply.DENY);
    assertThat(filter.decide(null, sdk, Level.WARN, "x", null, otherNotFound))
        .isEqualTo(FilterReply.NEUTRAL);
    assertThat(filter.decide(null, ours, Level.WARN, "x", null, expired))
        .isEqualTo(FilterReply.NEUTRAL);
  }
}
