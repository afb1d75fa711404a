package io.etcddr.activities.host;

import io.etcddr.activities.preflight.PreflightTable;
import io.etcddr.activities.preflight.Preflighted;
import io.etcddr.contract.Preflight;
import io.etcddr.contract.StepContext;
import io.etcddr.contract.host.HostActivities;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

public final class HostActivitiesImpl implements HostActivities, Preflighted {

  private final Clock clock;
  private final HostFiles files;
  private final AgentPaths paths;

  public HostActivitiesImpl(Clock clock, AgentPaths paths) {
    this.clock = clock;
    this.files = new HostFiles(paths);
    this.paths = paths;
  }

  @Override
  public PreflightTable preflights() {
    return new PreflightTable()
        .readsDeclaredBy(this)
        .add(
            "host.files",
            FilesRequest.class,
            (request, asked, context) -> filesPreflight(request, context));
  }

  /** A read is the read itself; a change says what it would touch, within the allowed paths. */
  private Preflight filesPreflight(FilesRequest request, StepContext context) {
    String action = request.action() == null ? "" : request.action();
    Path file = paths.resolve(request.path()); // refuses a path outside the allowed ones
    boolean exists = Files.exists(file);
    return switch (action) {
      case "read" ->
          Preflight.ready(
              "read " + request.path(), PreflightTable.asMap(files.apply(request, context)));
      case "write" ->
          Preflight.ready(
              (exists ? "overwrite " : "write ") + request.path() + (exists ? "" : " (new)"));
      case "backup" ->
          exists
              ? Preflight.ready("copy " + request.path() + " aside")
              : Preflight.notReady("back up " + request.path(), request.path() + " does not exist");
      case "remove" ->
          Preflight.ready(
              exists ? "remove " + request.path() : "nothing: " + request.path() + " is gone");
      default ->
          Preflight.notReady(
              action + " " + request.path(),
              "`" + action + "` is not one of read, write, backup, remove");
    };
  }

  @Override
  public ClockReading clock(Map<String, Object> with, StepContext context) {
    Instant now = clock.instant();
    return new ClockReading(now.toEpochMilli(), now.toString());
  }

  @Override
  public Pong ping(Map<String, Object> with, StepContext context) {
    return new Pong(context.node(), clock.millis());
  }

  @Override
  public FilesResult files(FilesRequest request, StepContext context) {
    return files.apply(request, context);
  }
}
