package io.etcddr.lab;

import io.etcddr.lab.KillPoint.AtSource;
import io.etcddr.lab.KillPoint.Failpoint;
import io.etcddr.lab.KillPoint.StepStarted;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * The kill matrix over failover-to-learner on the lab (site A powered off; node1 holds the learner
 * and is the deploy node, node2 is the other survivor): the worker killed at every step — while it
 * runs its own steps, and while an agent runs one, so the step's end arrives with no worker — and
 * at the failpoints after the worker's own effects; the agent of the node running each step killed
 * after the step's effect (its failpoint) and in the middle of every step that lasts over a second
 * (seen at the source: the engine stopping etcd, the WAL replay's etcd, the restore's container,
 * the rke process).
 */
final class KillCells {

  private KillCells() {}

  static final List<KillCell> ALL =
      List.of(
          KillCell.worker(new StepStarted("status", true)),
          KillCell.worker(new StepStarted("probe", true)),
          KillCell.worker(new StepStarted("go", true)),
          KillCell.worker(new Failpoint("fence-orders", "after", false)),
          KillCell.worker(new StepStarted("stop-learner-etcd", false)),
          KillCell.worker(new StepStarted("copy", false)),
          KillCell.worker(new StepStarted("restore", false)),
          KillCell.worker(new StepStarted("start-etcd", false)),
          KillCell.worker(new StepStarted("verify", false)),
          KillCell.worker(new Failpoint("new-generation", "after", false)),
          KillCell.worker(new StepStarted("external-etcd", false)),
          KillCell.worker(new StepStarted("rke-up", false)),
          KillCell.worker(new StepStarted("api-serves", false)),
          KillCell.agent("node2", new Failpoint("stop-apiserver", "after", false)),
          KillCell.agent("node1", new Failpoint("learner-etcd", "after", false)),
          KillCell.agent(
              "node1",
              new AtSource(
                  "stop-learner-etcd",
                  "engine-sends-SIGTERM",
                  w -> w.engineDid("node1", "kill", "etcd"))),
          KillCell.agent("node1", new Failpoint("stop-learner-etcd", "after", false)),
          KillCell.agent(
              "node1",
              new AtSource("copy", "wal-replay-runs", w -> w.processRuns("etcd-dr-wal-replay"))),
          KillCell.agent("node1", new Failpoint("copy", "after", false)),
          KillCell.agent(
              "node1",
              new AtSource(
                  "restore",
                  "restore-container-runs",
                  w -> w.engineDid("node1", "start", "etcd-dr-restore-"))),
          KillCell.agent("node1", new Failpoint("restore", "after", false)),
          KillCell.agent("node1", new Failpoint("start-etcd", "after", false)),
          KillCell.agent("node1", new Failpoint("external-etcd", "after", false)),
          KillCell.agent(
              "node1", new AtSource("rke-up", "rke-runs", w -> w.rkeInvocationsStarted() > 0)),
          KillCell.agent("node1", new Failpoint("rke-up", "after", false)));

  /**
   * What bin/test-full runs, the same every day: one cell of each kind of kill — the worker killed
   * while its own step runs, the agent held at a failpoint right after its step's effect, and the
   * agent killed at a mid-step point seen at its source. `bin/kill-matrix` runs them all.
   */
  static final List<String> SUITE_SLICE =
      List.of(
          "worker@verify", "node1@stop-learner-etcd:after", "node1@restore~restore-container-runs");

  /** Which of the three kinds of kill a cell is: who dies, and how the point is seen. */
  static String kind(KillCell cell) {
    if (cell.point() instanceof Failpoint) {
      return (cell.killsWorker() ? "worker" : "agent") + " held at a failpoint";
    }
    if (cell.point() instanceof AtSource) {
      return "agent killed at its source";
    }
    return (cell.killsWorker() ? "worker" : "agent") + " killed mid-step";
  }

  /**
   * The cells to run: {@code all}, a comma-separated list of names, or (empty) {@link
   * #SUITE_SLICE}.
   */
  static List<KillCell> selected(String selection) {
    if (selection == null || selection.isBlank()) {
      return named(SUITE_SLICE);
    }
    if (selection.equals("all")) {
      return ALL;
    }
    return named(Arrays.stream(selection.split(",")).map(String::strip).toList());
  }

  private static List<KillCell> named(List<String> names) {
    return names.stream()
        .flatMap(
            name ->
                Stream.of(
                    ALL.stream()
                        .filter(c -> c.name().equals(name))
                        .findFirst()
                        .orElseThrow(
                            () ->
                                new IllegalArgumentException(
                                    "no kill matrix cell `"
                                        + name
                                        + "`; the cells are "
                                        + ALL.stream().map(KillCell::name).toList()))))
        .toList();
  }
}
