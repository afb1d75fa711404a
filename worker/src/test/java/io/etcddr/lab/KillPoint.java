package io.etcddr.lab;

import io.etcddr.engine.StepState;
import java.util.Optional;

/**
 * Where in a run a process of the kill matrix is killed. Each point is seen where it happens, not
 * guessed from time: a failpoint's log line, the run's own status, an event of a node's engine, a
 * process on the node, a line of the rke stand-in's invocation log.
 */
sealed interface KillPoint {

  /** The cell's name for it. */
  String label();

  /** Whether the point comes before the approval step `go`. */
  boolean beforeApproval();

  /** Whether the point is reached now; what was seen, if so. */
  Optional<String> reached(CellWatch watch);

  /**
   * The victim holds at the step's failpoint: before its code runs, or after its effect is done but
   * before Temporal heard of it.
   */
  record Failpoint(String step, String when, boolean beforeApproval) implements KillPoint {
    @Override
    public String label() {
      return step + ":" + when;
    }

    @Override
    public Optional<String> reached(CellWatch watch) {
      return watch.victimLogSays("failpoint " + step + ":" + when + " reached")
          ? Optional.of("held at its failpoint")
          : Optional.empty();
    }
  }

  /**
   * The step has started, as the run's status says (for the worker: a step running on an agent, or
   * one of its own). A short step may be done by the time it is seen: the kill then falls on the
   * boundary after it, and the table says so.
   */
  record StepStarted(String step, boolean beforeApproval) implements KillPoint {
    @Override
    public String label() {
      return step;
    }

    @Override
    public Optional<String> reached(CellWatch watch) {
      return watch
          .state(step)
          .filter(s -> s != StepState.PENDING)
          .map(
              s ->
                  switch (s) {
                    case RUNNING -> "mid-step";
                    case WAITING_FOR_APPROVAL -> "waiting for approval";
                    default -> "after it (" + s.label() + ")";
                  });
    }
  }

  /** Something the step does is seen at its source while the step runs. */
  record AtSource(String step, String what, java.util.function.Predicate<CellWatch> seen)
      implements KillPoint {
    @Override
    public String label() {
      return step + "~" + what;
    }

    @Override
    public boolean beforeApproval() {
      return false;
    }

    @Override
    public Optional<String> reached(CellWatch watch) {
      return seen.test(watch) ? Optional.of("mid-step: " + what) : Optional.empty();
    }
  }
}
