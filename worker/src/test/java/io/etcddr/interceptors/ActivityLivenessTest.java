package io.etcddr.interceptors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.RetryOptions;
import io.temporal.common.interceptors.WorkerInterceptor;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A step whose code never heartbeats still has a heartbeat timeout (the engine gives every step
 * one): the process heartbeats for it while it runs, so it finishes; without that, Temporal would
 * time it out although its process is alive.
 */
class ActivityLivenessTest {

  @Test
  void aSilentActivityLongerThanItsHeartbeatTimeoutFinishes() {
    assertThat(run(new ActivityLiveness())).isEqualTo("done");
  }

  @Test
  void withoutItTheSameActivityTimesOutOnItsHeartbeat() {
    assertThatThrownBy(() -> run())
        .isInstanceOf(WorkflowFailedException.class)
        .cause()
        .isInstanceOf(ActivityFailure.class)
        .cause()
        .isInstanceOf(TimeoutFailure.class)
        .hasMessageContaining("HEARTBEAT");
  }

  private static String run(WorkerInterceptor... interceptors) {
    TestWorkflowEnvironment env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder()
                .setUseTimeskipping(false)
                .setWorkerFactoryOptions(
                    WorkerFactoryOptions.newBuilder().setWorkerInterceptors(interceptors).build())
                .build());
    try {
      Worker worker = env.newWorker("liveness");
      worker.registerWorkflowImplementationTypes(OneStepImpl.class);
      worker.registerActivitiesImplementations(new ThreeSeconds());
      env.start();
      return env.getWorkflowClient()
          .newWorkflowStub(
              OneStep.class, WorkflowOptions.newBuilder().setTaskQueue("liveness").build())
          .run();
    } finally {
      env.close();
    }
  }

  @WorkflowInterface
  public interface OneStep {
    @WorkflowMethod
    String run();
  }

  public static class OneStepImpl implements OneStep {
    @Override
    public String run() {
      return Workflow.newActivityStub(
              Silent.class,
              ActivityOptions.newBuilder()
                  .setStartToCloseTimeout(Duration.ofSeconds(30))
                  .setHeartbeatTimeout(Duration.ofSeconds(1))
                  .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                  .build())
          .take();
    }
  }

  @ActivityInterface
  public interface Silent {
    String take();
  }

  /** Works for three seconds without a heartbeat of its own. */
  public static class ThreeSeconds implements Silent {
    @Override
    public String take() {
      try {
        Thread.sleep(3_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return "done";
    }
  }
}
