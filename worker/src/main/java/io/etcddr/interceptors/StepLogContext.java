package io.etcddr.interceptors;

import io.etcddr.contract.StepContext;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import org.slf4j.MDC;

/**
 * Puts the run and step an activity works for into the logging MDC ({@code workflowId}, {@code
 * runId}, {@code stepId}, {@code node}), so every log line of a step names them. They come from the
 * {@link StepContext} the engine passes to every activity; nothing else of the input is read.
 */
public final class StepLogContext extends WorkerInterceptorBase {

  static final String[] KEYS = {"workflowId", "runId", "stepId", "node"};

  @Override
  public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
    return new ActivityInboundCallsInterceptorBase(next) {
      @Override
      public ActivityOutput execute(ActivityInput input) {
        for (Object argument : input.getArguments()) {
          if (argument instanceof StepContext step) {
            put("workflowId", step.workflowId());
            put("runId", step.runId());
            put("stepId", step.stepId());
            put("node", step.node());
          }
        }
        try {
          return super.execute(input);
        } finally {
          for (String key : KEYS) {
            MDC.remove(key);
          }
        }
      }
    };
  }

  private static void put(String key, String value) {
    if (value != null) {
      MDC.put(key, value);
    }
  }
}
