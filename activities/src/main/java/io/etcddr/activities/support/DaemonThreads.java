package io.etcddr.activities.support;

import java.util.concurrent.ThreadFactory;

/**
 * Threads that never keep this process alive on their own: the pools and timers beside the real
 * work (heartbeats, probes, digests, watches), which must not delay an agent's or worker's exit.
 */
public final class DaemonThreads {

  private DaemonThreads() {}

  /** Daemon threads named {@code name}, as a thread dump shows them. */
  public static ThreadFactory named(String name) {
    return work -> {
      Thread thread = new Thread(work, name);
      thread.setDaemon(true);
      return thread;
    };
  }
}
