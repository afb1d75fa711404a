package io.etcddr.cli;

import io.etcddr.runbook.schema.RunbookSchema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code etcd-dr schema [--write FILE]}: the runbook JSON Schema, generated from the catalog. */
@Command(
    name = "schema",
    description = "Print the runbook JSON Schema (or write it with --write) for editors.")
final class SchemaCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--write",
      paramLabel = "FILE",
      description = "write it to FILE, e.g. " + RunbookSchema.RELATIVE_PATH)
  Path target;

  @Override
  public Integer call() throws IOException {
    String schema = RunbookSchema.generate();
    if (target == null) {
      spec.commandLine().getOut().print(schema);
    } else {
      Path temp = Files.createTempFile(target.toAbsolutePath().getParent(), ".schema", ".tmp");
      Files.writeString(temp, schema, StandardCharsets.UTF_8);
      Files.move(
          temp,
          target,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
    return ExitCode.OK.code();
  }
}
