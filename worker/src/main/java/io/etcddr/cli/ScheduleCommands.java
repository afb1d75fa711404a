package io.etcddr.cli;

import io.etcddr.activities.inventory.ClusterInventory;
import io.etcddr.activities.inventory.InputCheck;
import io.etcddr.connect.TemporalConnection;
import io.etcddr.runbook.compile.Plan;
import io.etcddr.runs.LibraryPlans;
import io.etcddr.schedules.Drill;
import io.etcddr.schedules.DrillScheduler;
import io.etcddr.schedules.DrillSchedulers;
import io.etcddr.text.TextTable;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `schedule apply|list|trigger|pause|unpause|delete`: runbooks' `schedule:` on the server. */
@Command(
    name = "schedule",
    description =
        "Put the library's scheduled runbooks (drills) on Temporal as Schedules, and manage them.",
    subcommands = {
      ScheduleCommands.Apply.class,
      ScheduleCommands.ListSchedules.class,
      ScheduleCommands.Trigger.class,
      ScheduleCommands.Pause.class,
      ScheduleCommands.Unpause.class,
      ScheduleCommands.Delete.class
    })
final class ScheduleCommands {

  /** What every subcommand needs: the server, the library, and where to talk. */
  static class Base {
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin TemporalFlags temporal;
    @Mixin Folders.Library library;
    @Mixin Folders.Clusters clusters;

    @Option(
        names = "--catchup-window",
        defaultValue = "1h",
        description =
            "how late a missed drill may still start after the server was down (default ${DEFAULT-VALUE})")
    String catchupWindow;

    /** Runs {@code action} with the server's scheduler; says so once when it is the fallback. */
    int with(Function<DrillScheduler, Integer> action) {
      Duration catchup = duration(catchupWindow);
      try (TemporalConnection connection = TemporalConnection.open(temporal.options())) {
        DrillSchedulers.Choice choice =
            DrillSchedulers.forServer(connection, plans(), catchup, clusters.inventory());
        if (choice.note() != null) {
          spec.commandLine().getErr().println("etcd-dr: note: " + choice.note());
        }
        return action.apply(choice.scheduler());
      } catch (DrillScheduler.UnknownSchedule e) {
        throw new UsageException(e.getMessage());
      }
    }

    private LibraryPlans plans;

    /** The library, read once per command. */
    LibraryPlans plans() {
      if (plans == null) {
        plans = LibraryPlans.read(library.path);
      }
      return plans;
    }

    PrintWriter out() {
      return spec.commandLine().getOut();
    }

    private static Duration duration(String text) {
      try {
        return Duration.parse("PT" + text.toUpperCase());
      } catch (RuntimeException e) {
        throw new UsageException(
            "--catchup-window " + text + ": write a duration such as 30m, 1h or 6h");
      }
    }
  }

  @Command(
      name = "apply",
      description =
          "Create or update one schedule per scheduled runbook of DIR (default: the library).")
  static final class Apply extends Base implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR")
    Path dir;

    @Override
    public Integer call() {
      if (dir != null) {
        if (!Files.isDirectory(dir)) {
          throw new UsageException(dir + " is not a folder of runbooks; name one, or omit DIR");
        }
        library.path = dir;
      }
      library.existing(); // a missing folder is bad usage
      List<Drill> drills = Drill.in(plans());
      refuseUnknownInputs(drills, clusters.inventory());
      if (drills.isEmpty()) {
        out().println("no runbook in " + library.path.toAbsolutePath() + " has a `schedule:`");
        return ExitCode.OK.code();
      }
      return with(
          scheduler -> {
            for (Drill drill : drills) {
              out()
                  .println(
                      drill.id()
                          + ": "
                          + scheduler.apply(drill)
                          + " — "
                          + drill.runbook()
                          + " at `"
                          + drill.cron()
                          + "` with "
                          + drill.inputs());
            }
            return ExitCode.OK.code();
          });
    }

    /** Every drill's inputs against the inventory, before any schedule is written. */
    private void refuseUnknownInputs(List<Drill> drills, ClusterInventory inventory) {
      for (Drill drill : drills) {
        Plan plan = plans().find(drill.runbook()).orElseThrow();
        InputCheck.problem(plan.inputs(), drill.inputs(), inventory)
            .ifPresent(
                problem -> {
                  throw new UsageException(
                      "the schedule of "
                          + drill.runbook()
                          + " cannot start: "
                          + problem
                          + "; fix its `schedule.inputs` or point --clusters at the inventory");
                });
      }
    }
  }

  @Command(name = "list", description = "Show the drills' schedules: cron, next run, last result.")
  static final class ListSchedules extends Base implements Callable<Integer> {
    @Override
    public Integer call() {
      return with(
          scheduler -> {
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"ID", "CRON", "STATE", "NEXT", "LAST"});
            for (DrillScheduler.Row row : scheduler.list()) {
              rows.add(
                  new String[] {
                    row.id(),
                    row.cron(),
                    row.paused() ? "paused" : "active",
                    row.next() == null ? "-" : row.next().toString(),
                    row.last()
                  });
            }
            TextTable.print(out(), rows);
            return ExitCode.OK.code();
          });
    }
  }

  /** The subcommands that act on one schedule by id. */
  abstract static class OnOne extends Base implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ID", description = "as `schedule list` shows it")
    String id;

    @Option(names = "--note", defaultValue = "${env:USER:-operator} with etcd-dr")
    String note;

    abstract void act(DrillScheduler scheduler);

    abstract String done();

    @Override
    public Integer call() {
      return with(
          scheduler -> {
            act(scheduler);
            out().println(done() + " " + id);
            return ExitCode.OK.code();
          });
    }
  }

  @Command(name = "trigger", description = "Run a drill now.")
  static final class Trigger extends OnOne {
    void act(DrillScheduler s) {
      s.trigger(id);
    }

    String done() {
      return "triggered";
    }
  }

  @Command(name = "pause", description = "Stop a drill's schedule until unpaused.")
  static final class Pause extends OnOne {
    void act(DrillScheduler s) {
      s.pause(id, note);
    }

    String done() {
      return "paused";
    }
  }

  @Command(name = "unpause", description = "Resume a paused drill's schedule.")
  static final class Unpause extends OnOne {
    void act(DrillScheduler s) {
      s.unpause(id, note);
    }

    String done() {
      return "unpaused";
    }
  }

  @Command(name = "delete", description = "Remove a drill's schedule (runs already started go on).")
  static final class Delete extends OnOne {
    void act(DrillScheduler s) {
      s.delete(id);
    }

    String done() {
      return "deleted";
    }
  }
}
