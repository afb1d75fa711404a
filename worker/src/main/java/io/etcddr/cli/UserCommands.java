package io.etcddr.cli;

import io.etcddr.people.Users;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `user add|list`: the people who approve through the worker's HTTP API, and their roles. */
@Command(
    name = "user",
    description =
        "The people who approve: personal API tokens (kept as SHA-256 only) and roles, in the"
            + " worker's users file.",
    subcommands = {UserCommands.Add.class, UserCommands.ListUsers.class})
final class UserCommands implements Runnable {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(
        spec.commandLine(), "a user command is required: add, list");
  }

  /** `--users`: the file the worker reads with its own `--users`. */
  static final class File {
    @Option(
        names = "--users",
        paramLabel = "FILE",
        defaultValue = "${env:ETCD_DR_USERS}",
        required = true,
        description = "the worker's users file (env ETCD_DR_USERS)")
    Path path;
  }

  @Command(
      name = "add",
      description =
          "Add a person (or give them a new token and roles); prints their token once: hand it to"
              + " them only.")
  static final class Add implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @picocli.CommandLine.Mixin File file;

    @Parameters(index = "0", paramLabel = "NAME", description = "who, as approvals will name them")
    String name;

    @Option(
        names = "--role",
        paramLabel = "ROLE",
        description = "a role an approval may ask for (repeat for several), e.g. sre")
    List<String> roles = List.of();

    @Option(
        names = "--certificate",
        paramLabel = "CN",
        description = "the name on their mTLS client certificate, when it is not NAME")
    String certificate;

    @Override
    public Integer call() throws Exception {
      if (!name.matches("[A-Za-z0-9][A-Za-z0-9._@-]*")) {
        throw new UsageException(
            "`" + name + "` is not a user name; use letters, digits and . _ @ -, e.g. alice");
      }
      for (String role : roles) {
        if (!role.matches("[a-z][a-z0-9-]*")) {
          throw new UsageException(
              "role `" + role + "` is not a role name; write it in lower case, e.g. sre");
        }
      }
      String token = new Users(file.path).add(name, roles, certificate);
      var out = spec.commandLine().getOut();
      out.println(
          "added "
              + name
              + (roles.isEmpty() ? " (no roles)" : " (roles " + String.join(", ", roles) + ")")
              + " to "
              + file.path);
      out.println(token);
      spec.commandLine()
          .getErr()
          .println(
              "etcd-dr: note: the line above is "
                  + name
                  + "'s token, shown once and kept nowhere: put it in a file only they read and"
                  + " approve with `etcd-dr approve ID --api URL --token-file FILE`");
      return ExitCode.OK.code();
    }
  }

  @Command(name = "list", description = "The people in the users file and their roles.")
  static final class ListUsers implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @picocli.CommandLine.Mixin File file;

    @Override
    public Integer call() {
      var out = spec.commandLine().getOut();
      for (Users.Entry entry : new Users(file.path).entries()) {
        out.println(
            entry.name()
                + "  roles: "
                + (entry.roles().isEmpty() ? "-" : String.join(",", entry.roles()))
                + (entry.certificate() == null ? "" : "  certificate: " + entry.certificate()));
      }
      return ExitCode.OK.code();
    }
  }
}
