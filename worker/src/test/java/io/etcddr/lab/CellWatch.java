package io.etcddr.lab;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import io.etcddr.activities.docker.DockerEngine;
import io.etcddr.engine.RunStatus;
import io.etcddr.engine.RunbookWorkflow;
import io.etcddr.engine.StepState;
import io.temporal.client.WorkflowStub;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What a kill matrix cell can see of its run, each where it happens: the run's status query, the
 * victim's log since the cell began, each node's engine events since then, the processes on the
 * machine, the rke stand-in's invocation log on the deploy node.
 */
final class CellWatch {

  private final Lab lab;
  private final WorkflowStub run;
  private final Path victimLog;
  private final long victimLogFrom;
  private final Instant since;

  CellWatch(Lab lab, WorkflowStub run, Path victimLog, Instant since) throws IOException {
    this.lab = lab;
    this.run = run;
    this.victimLog = victimLog;
    this.victimLogFrom = LogTail.size(victimLog);
    this.since = since;
  }

  /** The step's state; empty while no worker answers the query. */
  Optional<StepState> state(String step) {
    try {
      RunStatus status = run.query(RunbookWorkflow.QUERY_STATUS, RunStatus.class);
      return status.steps().stream()
          .filter(s -> s.id().equals(step))
          .map(s -> s.state())
          .findFirst();
    } catch (RuntimeException noWorkerNow) {
      return Optional.empty();
    }
  }

  boolean victimLogSays(String text) {
    return LogTail.from(victimLog, victimLogFrom).contains(text);
  }

  /** Whether the node's engine reported {@code action} for a container named with that prefix. */
  boolean engineDid(String node, String action, String namePrefix) {
    return containerEvents(node).stream()
        .anyMatch(e -> action.equals(e.getAction()) && name(e).startsWith(namePrefix));
  }

  /** Whether a process on this machine has {@code marker} in its command line. */
  boolean processRuns(String marker) {
    return !HostProcesses.treesMentioning(marker).isEmpty();
  }

  /** Start lines in the rke stand-in's invocation log: how often rke up began. */
  long rkeInvocationsStarted() {
    return rkeInvocations().stream().filter(l -> l.split(" ")[2].equals("start")).count();
  }

  /** The rke stand-in's invocation log: "EPOCH_MILLIS PID start N" and "… PID end EXIT". */
  List<String> rkeInvocations() {
    Path log =
        lab.layout().root(lab.deployNode()).resolve("etc/rke").resolve(RkeStandIn.INVOCATIONS);
    try {
      return Files.exists(log) ? Files.readAllLines(log) : List.of();
    } catch (IOException e) {
      return List.of();
    }
  }

  /** Every container event of the node's engine since the cell began. */
  List<Event> containerEvents(String node) {
    List<Event> events = new ArrayList<>();
    try (DockerEngine engine = DockerEngine.connect(lab.layout().docker(node).host())) {
      engine
          .client()
          .eventsCmd()
          .withSince(epochSeconds(since))
          .withUntil(epochSeconds(Instant.now()))
          .exec(
              new ResultCallback.Adapter<Event>() {
                @Override
                public void onNext(Event event) {
                  if (event.getType() == EventType.CONTAINER) {
                    events.add(event);
                  }
                }
              })
          .awaitCompletion(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException engineDown) {
      // a node whose engine is off has no events
    }
    return events;
  }

  static String name(Event event) {
    Map<String, String> attributes =
        event.getActor() == null ? null : event.getActor().getAttributes();
    return attributes == null ? "" : attributes.getOrDefault("name", "");
  }

  static String attribute(Event event, String key) {
    Map<String, String> attributes =
        event.getActor() == null ? null : event.getActor().getAttributes();
    return attributes == null ? "" : attributes.getOrDefault(key, "");
  }

  private static String epochSeconds(Instant instant) {
    return instant.getEpochSecond() + "." + String.format("%09d", instant.getNano());
  }
}
