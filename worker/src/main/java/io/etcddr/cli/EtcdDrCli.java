package io.etcddr.cli;

import io.etcddr.runbook.compile.CompilerWarmUp;
import java.io.PrintWriter;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code etcd-dr} command. {@link #run} is the testable entry point; only {@link #main} exits
 * the JVM. Its subcommands are {@link #COMMANDS}, added when a command line is run: all of them, or
 * only the one it names.
 *
 * <p>No lambda or method reference here touches a picocli type: the class-data archive of short
 * commands (deploy/release/etcd-dr) resolves this class's lambdas when it is dumped, which links
 * {@code picocli.CommandLine}, and Java 17 then leaves that Java 5 class out of the archive, to be
 * read and verified on every command (docs/performance.md, "CLI start").
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

  /** The commands that compile runbooks, which the compiler's warm-up speeds up. */
  private static final Set<String> COMPILING = Set.of("validate", "plan", "run");

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
  }

  public static void main(String[] args) {
    if (args.length > 0 && COMPILING.contains(args[0])) {
      CompilerWarmUp.start();
    }
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
    cli.setParameterExceptionHandler(new UsageErrorPrinter(err));
    cli.setExecutionExceptionHandler(new FailurePrinter(err, debug));
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
    for (Class<?> command : commands) {
      cli.addSubcommand(command);
    }
    return cli;
  }
}
