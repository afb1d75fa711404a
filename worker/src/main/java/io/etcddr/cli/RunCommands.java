package io.etcddr.cli;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.etcddr.connect.TemporalConnection;
import io.etcddr.contract.PlanJson;
import io.etcddr.engine.AbortRequest;
import io.etcddr.engine.ApprovalDecision;
import io.etcddr.engine.DryRunReport;
import io.etcddr.engine.RunState;
import io.etcddr.runbook.compile.Compilation;
import io.etcddr.runbook.compile.Plan;
import io.etcddr.runbook.library.DirectoryLibrary;
import io.etcddr.runs.RunControl;
import io.etcddr.runs.RunFollower;
import io.etcddr.runs.RunStarter;
import io.etcddr.runs.RunView;
import io.temporal.client.WorkflowStub;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The commands that act on runs: `run`, `status`, `approve`, `abort`. */
final class RunCommands {

  private RunCommands() {}

  @Command(
      name = "run",
      description =
          "Validate and compile a runbook locally, start it, and optionally follow it to the end.")
  static final class Run implements Callable<Integer> {
    /** A polling worker answers the inputs check within a second. */
    static final String WORKER_WAIT = "20s";

    /** A dry run asks every step once, each agent within 10 s: minutes at most. */
    static final Duration DRY_RUN_WAIT = Duration.ofMinutes(5);

    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin TemporalFlags temporal;

    @Parameters(
        index = "0",
        paramLabel = "FILE|NAME",
        description = "a runbook file, or a runbook's name in --library")
    String runbook;

    @Option(names = "--set", paramLabel = "NAME=VALUE", description = "an input; lists as a,b")
    List<String> sets = List.of();

    @Option(
        names = "--id",
        description = "workflow id (default: RUNBOOK/CLUSTER, one run per cluster and runbook)")
    String id;

    @Option(
        names = "--follow",
        description = "show live progress until the run ends; exit 0 on success, 1 on failure")
    boolean follow;

    @Option(
        names = "--dry-run",
        description =
            "change nothing: ask each step, where it would run, what it would do now; print one"
                + " table; exit 0 when every step would run, 1 when not")
    boolean dryRun;

    @Option(
        names = "--worker-wait",
        defaultValue = WORKER_WAIT,
        description =
            "how long a worker has to check the inputs before nothing is started; a polling worker"
                + " answers within a second, raise it for one that is starting or busy"
                + " (${DEFAULT-VALUE})")
    String workerWait = WORKER_WAIT; // also when another command builds a Run (ca-key)

    @Mixin Folders.Library library;
    @Mixin Folders.Clusters clusters;

    @Override
    public Integer call() throws Exception {
      var out = spec.commandLine().getOut();
      Duration workerCheckWait =
          DurationOption.parse(
              "--worker-wait",
              workerWait,
              "write a positive duration such as 20s or 2m",
              d -> !d.isZero() && !d.isNegative());
      Path file = resolve();
      Compilation compiled = new RunbookFiles().compile(file);
      if (!compiled.ok()) {
        compiled.diagnostics().forEach(spec.commandLine().getErr()::println);
        return ExitCode.FAILED.code();
      }
      Plan plan = compiled.planOrThrow();
      Map<String, Object> inputs = Inputs.bind(plan, sets);
      if (clusters.present()) {
        try { // an early check, before anything reaches Temporal
          RunStarter.check(plan, inputs, clusters.inventory());
        } catch (RunStarter.InputsRefused e) {
          throw new UsageException(
              e.getMessage() + " (inventory: --clusters " + clusters.path() + ")");
        }
      }
      try (TemporalConnection connection = TemporalConnection.open(temporal.options())) {
        RunStarter starter = new RunStarter(connection, null);
        try { // the worker's inventory is the one that counts
          starter.checkWithWorker(plan, inputs, workerCheckWait);
        } catch (RunStarter.InputsRefused e) {
          throw new UsageException(e.getMessage());
        } catch (RunStarter.NoWorker e) {
          throw new NotAnswering(e.getMessage());
        }
        if (dryRun) {
          DryRunReport report;
          try {
            report = starter.dryRun(plan, inputs, DRY_RUN_WAIT);
          } catch (RunStarter.InputsRefused e) {
            throw new UsageException(e.getMessage());
          } catch (RunStarter.NoWorker e) {
            throw new NotAnswering(e.getMessage());
          }
          DryRunTable.print(out, report);
          return report.ready() ? ExitCode.OK.code() : ExitCode.FAILED.code();
        }
        RunStarter.Started started = starter.start(plan, inputs, id);
        out.println(
            (started.attached() ? "attached to the running " : "started ")
                + plan.runbook()
                + " as "
                + started.workflowId()
                + (started.link() == null ? "" : " — " + started.link()));
        if (started.note() != null) {
          spec.commandLine().getErr().println("etcd-dr: note: " + started.note());
        }
        out.println(
            "  status: etcd-dr status "
                + started.workflowId()
                + "    abort: etcd-dr abort "
                + started.workflowId()
                + " --reason WHY");
        out.flush();
        if (!follow) {
          return ExitCode.OK.code();
        }
        WorkflowStub stub = connection.client().newUntypedWorkflowStub(started.workflowId());
        RunView end =
            new RunFollower(out, Duration.ofSeconds(1)).follow(stub, started.workflowId());
        return end.workflowStatus.equals("completed") ? ExitCode.OK.code() : ExitCode.FAILED.code();
      }
    }

    private Path resolve() {
      Path asFile = Path.of(runbook);
      if (Files.isRegularFile(asFile)) {
        return asFile;
      }
      return new DirectoryLibrary(library.path)
          .find(runbook)
          .map(DirectoryLibrary.Entry::file)
          .orElseThrow(
              () ->
                  new UsageException(
                      runbook
                          + " is neither a file nor a runbook in "
                          + library.path.toAbsolutePath()
                          + "; check the name or set --library"));
    }
  }

  @Command(
      name = "status",
      description = "Show a run: every step, its state, nodes, times and errors.")
  static final class Status implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin TemporalFlags temporal;

    @Parameters(index = "0", paramLabel = "ID", description = "the run's workflow id")
    String id;

    @Option(names = "--json", description = "print the status as JSON")
    boolean json;

    @Override
    public Integer call() throws Exception {
      try (TemporalConnection connection = TemporalConnection.open(temporal.options())) {
        RunView view = control(connection, c -> c.view(id));
        var out = spec.commandLine().getOut();
        if (json) {
          out.println(
              PlanJson.mapper()
                  .enable(SerializationFeature.INDENT_OUTPUT)
                  .writeValueAsString(view.asMap(id)));
        } else {
          view.print(out, id);
        }
        return view.status.state().equals(RunState.FAILED)
            ? ExitCode.FAILED.code()
            : ExitCode.OK.code();
      }
    }
  }

  @Command(
      name = "approve",
      description =
          "Approve (or --reject) a run's approval step: as yourself through the worker's HTTP API"
              + " (--api, --token-file), or with a bare --by name straight to Temporal where the"
              + " approval asks for no people, roles or approvers.")
  static final class Approve implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin TemporalFlags temporal;

    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Option(names = "--step", description = "the approval step (default: the one waiting)")
    String step;

    @Option(
        names = "--by",
        defaultValue = "${env:USER:-operator}",
        description = "who decides (default ${DEFAULT-VALUE})")
    String by;

    @Option(names = "--reject", description = "reject instead of approve")
    boolean reject;

    @Option(names = "--comment", description = "why")
    String comment;

    @Mixin ApiApproval viaApi;

    @Override
    public Integer call() throws Exception {
      if (viaApi.given()) {
        spec.commandLine().getOut().println(viaApi.decide(id, step, reject, comment));
        return ExitCode.OK.code();
      }
      try (TemporalConnection connection = TemporalConnection.open(temporal.options())) {
        String answer =
            control(
                connection, c -> c.decide(id, new ApprovalDecision(step, !reject, by, comment)));
        spec.commandLine().getOut().println(answer);
        return ExitCode.OK.code();
      }
    }
  }

  @Command(
      name = "abort",
      description = "Abort a run: running steps are cancelled, then its onFailure steps run.")
  static final class Abort implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin TemporalFlags temporal;

    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Option(names = "--reason", required = true, description = "why; recorded in the run")
    String reason;

    @Option(names = "--by", defaultValue = "${env:USER:-operator}")
    String by;

    @Override
    public Integer call() {
      try (TemporalConnection connection = TemporalConnection.open(temporal.options())) {
        control(
            connection,
            c -> {
              c.abort(id, new AbortRequest(reason, by));
              return null;
            });
        spec.commandLine().getOut().println("aborting " + id + ": " + reason);
        return ExitCode.OK.code();
      }
    }
  }

  /** Runs {@code action}; an unknown run or a refused request is the operator's to fix. */
  private static <T> T control(TemporalConnection connection, Function<RunControl, T> action) {
    try {
      return action.apply(new RunControl(connection));
    } catch (RunControl.NoSuchRun | RunControl.Refused e) {
      throw new UsageException(e.getMessage());
    }
  }
}
