package io.etcddr.cli;

import io.etcddr.runbook.compile.Compilation;
import io.etcddr.runbook.diagnostics.Diagnostic;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code etcd-dr validate FILE|DIR...}: every problem of every file, javac-style. */
@Command(
    name = "validate",
    description =
        "Check runbooks and print every problem as FILE:LINE:COL. Exit 0 when all are"
            + " valid, 1 when any has errors, 2 for bad usage.")
final class ValidateCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(
      arity = "1..*",
      paramLabel = "FILE|DIR",
      description = "runbook files or folders of them")
  List<Path> paths;

  @Override
  public Integer call() {
    var out = spec.commandLine().getOut();
    RunbookFiles runbooks = new RunbookFiles();
    List<Path> files = RunbookFiles.expand(paths);
    int invalid = 0;
    int errors = 0;
    for (Compilation result : runbooks.compileAll(files)) {
      result.diagnostics().forEach(d -> out.println(d));
      long count = result.diagnostics().stream().filter(Diagnostic::isError).count();
      errors += count;
      invalid += count > 0 ? 1 : 0;
    }
    out.printf(
        "%d runbook%s checked: %s%n",
        files.size(),
        files.size() == 1 ? "" : "s",
        invalid == 0
            ? "all valid"
            : invalid + " invalid, " + errors + " error" + (errors == 1 ? "" : "s"));
    return invalid == 0 ? ExitCode.OK.code() : ExitCode.FAILED.code();
  }
}
