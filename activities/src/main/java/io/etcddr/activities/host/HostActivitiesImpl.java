package io.etcddr.activities.host;

import io.etcddr.engine.StepContext;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

public final class HostActivitiesImpl implements HostActivities {

  private final Clock clock;
  private final HostFiles files;

  public HostActivitiesImpl(Clock clock, AgentPaths paths) {
    this.clock = clock;
    this.files = new HostFiles(paths);
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
