package io.etcddr.cli;

import io.etcddr.config.BadSetting;
import io.etcddr.connect.TemporalUnreachable;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code etcd-dr} command. {@link #run} is the testable entry point; only {@link #main} exits
 * the JVM. Its subcommands are {@link #COMMANDS}, added when a command line is run: all of them, or
 * only the one it names.
 */
@Command(
    name = "etcd-dr",
    mixinStandardHelpOptions = true,
    // --help and --version on every subcommand, as the usage errors suggest.
    scope = CommandLine.ScopeType.INHERIT,
    versionProvider = Version.class,
    description =
        "Disaster recovery for the etcd behind RKE clusters, as durable Temporal workflows.")
public final class EtcdDrCli implements Runnable {

  /** The top-level commands, in the order `etcd-dr --help` lists them. */
  static final List<Class<?>> COMMANDS =
      List.of(
          ValidateCommand.class,
          PlanCommand.class,
          SchemaCommand.class,
          RunCommands.Run.class,
          RunCommands.Status.class,
          RunCommands.Approve.class,
          RunCommands.Abort.class,
          ProcessCommands.Worker.class,
          ProcessCommands.Agent.class,
          DevCommand.class,
          ScheduleCommands.class,
          ClusterCommands.class,
          FenceCheckCommand.class,
          SnapshotKeyCommand.class,
          CaKeyCommand.class,
          PayloadKeyCommand.class,
          InventoryCommands.class,
          DoctorCommand.class,
          UserCommands.class,
          LabCommands.class,
          CommandLine.HelpCommand.class);

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
  }

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    System.exit(run(out, err, args));
  }

  /** Runs one command line; returns its exit code. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    // --debug is global: it only decides whether an unexpected failure prints its stack trace.
    boolean debug = java.util.Arrays.asList(args).contains("--debug");
    String[] rest =
        java.util.Arrays.stream(args).filter(a -> !a.equals("--debug")).toArray(String[]::new);
    CommandLine cli = treeFor(rest);
    cli.setOut(out);
    cli.setErr(err);
    cli.setParameterExceptionHandler(
        (e, a) -> {
          err.println(
              "etcd-dr: "
                  + e.getMessage()
                  + suggestion(e)
                  + " (see `"
                  + commandName(e.getCommandLine())
                  + " --help`)");
          return ExitCode.USAGE.code();
        });
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          if (e instanceof UsageException || e instanceof BadSetting) {
            err.println("etcd-dr: " + e.getMessage());
            return ExitCode.USAGE.code();
          }
          if (e instanceof TemporalUnreachable || e instanceof NotAnswering) {
            err.println("etcd-dr: " + e.getMessage());
            return ExitCode.FAILED.code();
          }
          err.println(
              "etcd-dr: "
                  + e.getClass().getSimpleName()
                  + ": "
                  + e.getMessage()
                  + (debug ? "" : " (run with --debug for details)"));
          if (debug) {
            e.printStackTrace(err);
          }
          return ExitCode.FAILED.code();
        });
    int code = cli.execute(rest);
    out.flush();
    err.flush();
    return code;
  }

  /** The whole command tree, as `etcd-dr --help` lists it. */
  public static CommandLine tree() {
    return tree(COMMANDS);
  }

  /**
   * The tree with only the command that {@code args} begins with, when it names one: picocli's
   * model of every command and option costs about 150 ms of each short command's start
   * (bench/cli-start). Anything else — no command, an option, `help`, a typo picocli may correct —
   * gets the whole tree, but `--version` alone, which needs none of it.
   */
  static CommandLine treeFor(String[] args) {
    if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
      return tree(List.of());
    }
    if (args.length > 0) {
      for (Class<?> command : COMMANDS) {
        Command named = command.getAnnotation(Command.class);
        if (command != CommandLine.HelpCommand.class
            && (named.name().equals(args[0]) || List.of(named.aliases()).contains(args[0]))) {
          return tree(List.of(command));
        }
      }
    }
    return tree();
  }

  private static CommandLine tree(List<Class<?>> commands) {
    CommandLine cli = new CommandLine(new EtcdDrCli());
    commands.forEach(cli::addSubcommand);
    return cli;
  }

  /** "; did you mean validate?" for a mistyped command or option picocli knows a near name of. */
  private static String suggestion(CommandLine.ParameterException e) {
    if (e instanceof CommandLine.UnmatchedArgumentException unmatched
        && !unmatched.getSuggestions().isEmpty()) {
      return "; did you mean " + String.join(" or ", unmatched.getSuggestions()) + "?";
    }
    return "";
  }

  /** The full name, so a bad option of `lab up` points at `etcd-dr lab up --help`. */
  private static String commandName(CommandLine commandLine) {
    return commandLine.getCommandSpec().qualifiedName();
  }
}
