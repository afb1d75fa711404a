package io.etcddr.schedules;

import java.time.Instant;
import java.util.List;

/** Puts drills on a Temporal server and manages them by id. */
public interface DrillScheduler {

  /** One schedule as `schedule list` shows it. */
  record Row(String id, String cron, boolean paused, Instant next, String last) {}

  /**
   * Creates the drill's schedule, or brings an existing one up to date (keeping it paused if it
   * was).
   *
   * @return created, updated or unchanged
   */
  String apply(Drill drill);

  List<Row> list();

  /** Runs the drill now, whatever its cron says. */
  void trigger(String id);

  void pause(String id, String note);

  void unpause(String id, String note);

  void delete(String id);

  /** An id that names no schedule etcd-dr made. */
  final class UnknownSchedule extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UnknownSchedule(String id) {
      super(
          "no schedule "
              + id
              + " on this server; `etcd-dr schedule list` shows them, `schedule apply` makes them");
    }
  }
}
