package io.etcddr.activities;

import io.etcddr.activities.host.HostActivitiesImpl;
import io.etcddr.activities.notify.NotifyActivitiesImpl;
import java.time.Clock;
import java.util.List;

/**
 * Which activity implementations each process registers: the worker runs those that need only the
 * network (task queue {@code etcd-dr}); an agent runs the host work of its own node ({@code
 * etcd-dr@<node>}). Placement must agree with the catalog; a test checks it.
 */
public final class ActivitySet {

  private ActivitySet() {}

  public static List<Object> forWorker() {
    return List.of(new NotifyActivitiesImpl());
  }

  public static List<Object> forAgent() {
    return List.of(new HostActivitiesImpl(Clock.systemUTC()));
  }
}
