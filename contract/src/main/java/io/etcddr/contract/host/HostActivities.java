package io.etcddr.contract.host;

import io.etcddr.contract.Key;
import io.etcddr.contract.Placement;
import io.etcddr.contract.Step;
import io.etcddr.contract.StepContext;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.Map;

/** Facts about the node an agent runs on. */
@ActivityInterface
public interface HostActivities {

  /** The node's clock reading. Read-only, so any number of attempts is harmless. */
  record ClockReading(
      @Key("milliseconds since the epoch") long epochMillis,
      @Key("the same, RFC 3339") String iso) {}

  /**
   * The node's wall clock, so a runbook can refuse to issue certificates across skewed clocks (the
   * original attempt's "x509: certificate has expired or is not yet valid").
   */
  @Step(
      value = "The node's clock, for skew checks before issuing certificates.",
      placement = Placement.NODE,
      reads = "read the node's clock")
  @ActivityMethod(name = "host.clock")
  ClockReading clock(Map<String, Object> with, StepContext context);

  /** The answer of an agent that polls its node's task queue. */
  record Pong(@Key("the agent's node") String node, @Key("the node's clock") long epochMillis) {}

  /** Answers at once: `agents.probe` sends it to learn which nodes' agents are there. */
  @Step(
      value = "Answers from the node's agent: proof that the agent polls its task queue.",
      placement = Placement.NODE,
      reads = "answer a ping")
  @ActivityMethod(name = "host.ping")
  Pong ping(Map<String, Object> with, StepContext context);

  record FilesRequest(
      @Key("absolute path on the node") String path,
      @Key("read, write, backup or remove") String action,
      @Key(value = "for write", optional = true) String content) {}

  record FilesResult(
      @Key("whether the path existed before") boolean exists,
      @Key("for read: the text, bounded") String content,
      @Key("for backup: the copy's path") String backup) {}

  /**
   * A file under the agent's allowed paths: {@code read} (bounded), {@code write} (atomically: a
   * temporary file beside it, fsynced, renamed over it, keeping its mode), {@code backup} (a copy
   * named after the step, so a retry finds it instead of making another) or {@code remove} (missing
   * is success).
   */
  @Step(
      value =
          "Reads, writes (atomically), backs up or removes a file or folder under the"
              + " agent's allowed roots.",
      placement = Placement.NODE)
  @ActivityMethod(name = "host.files")
  FilesResult files(FilesRequest request, StepContext context);
}
