package io.etcddr.activities.host;

import io.etcddr.engine.StepContext;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

public final class HostActivitiesImpl implements HostActivities {

  private final Clock clock;

  public HostActivitiesImpl(Clock clock) {
    this.clock = clock;
  }

  @Override
  public ClockReading clock(Map<String, Object> with, StepContext context) {
    Instant now = clock.instant();
    return new ClockReading(now.toEpochMilli(), now.toString());
  }
}
