package io.etcddr.interceptors;

import static org.assertj.core.api.Assertions.assertThat;

import io.etcddr.contract.StepContext;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.Header;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** An activity's log lines name its run, step and node while it runs, and only then. */
class StepLogContextTest {

  @Test
  void theStepContextIsInTheMdcDuringTheActivityAndGoneAfter() {
    Map<String, String> seen = new HashMap<>();
    ActivityInboundCallsInterceptor activity =
        new ActivityInboundCallsInterceptor() {
          @Override
          public void init(ActivityExecutionContext context) {}

          @Override
          public ActivityOutput execute(ActivityInput input) {
            seen.putAll(MDC.getCopyOfContextMap());
            return new ActivityOutput("done");
          }
        };
    StepContext step = new StepContext("failover-to-learner/lab", "run-1", "copy", "node1", "key");

    new StepLogContext()
        .interceptActivity(activity)
        .execute(
            new ActivityInboundCallsInterceptor.ActivityInput(
                Header.empty(), new Object[] {Map.of("cluster", "lab"), step}));

    assertThat(seen)
        .containsEntry("workflowId", "failover-to-learner/lab")
        .containsEntry("runId", "run-1")
        .containsEntry("stepId", "copy")
        .containsEntry("node", "node1");
    Map<String, String> after = MDC.getCopyOfContextMap();
    assertThat(after == null ? Map.<String, String>of() : after)
        .doesNotContainKeys(StepLogContext.KEYS);
  }
}
