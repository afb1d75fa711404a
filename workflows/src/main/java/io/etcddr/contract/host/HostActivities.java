package io.etcddr.contract.host;

import io.etcddr.contract.StepContext;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.Map;

/** Facts about the node an agent runs on. */
@ActivityInterface
public interface HostActivities {

  /** The node's clock reading. Read-only, so any number of attempts is harmless. */
  record ClockReading(long epochMillis, String iso) {}

  /**
   * The node's wall clock, so a runbook can refuse to issue certificates across skewed clocks (the
   * original attempt's "x509: certificate has expired or is not yet valid").
   */
  @ActivityMethod(name = "host.clock")
  ClockReading clock(Map<String, Object> with, StepContext context);

  /** The answer of an agent that polls its node's task queue. */
  record Pong(String node, long epochMillis) {}

  /** Answers at once: `agents.probe` sends it to learn which nodes' agents are there. */
  @ActivityMethod(name = "host.ping")
  Pong ping(Map<String, Object> with, StepContext context);

  record FilesRequest(String path, String action, String content) {}

  record FilesResult(boolean exists, String content, String backup) {}

  /**
   * A file under the agent's allowed paths: {@code read} (bounded), {@code write} (atomically: a
   * temporary file beside it, fsynced, renamed over it, keeping its mode), {@code backup} (a copy
   * named after the step, so a retry finds it instead of making another) or {@code remove} (missing
   * is success).
   */
  @ActivityMethod(name = "host.files")
  FilesResult files(FilesRequest request, StepContext context);
}
