package io.etcddr.cli;

import io.etcddr.codec.PayloadKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `payload-key create|rotate FILE`: the keyset that encrypts every Temporal payload. */
@Command(
    name = "payload-key",
    description = "Manage the keyset that encrypts every Temporal payload (--payload-keyset).",
    subcommands = {PayloadKeyCommand.Create.class, PayloadKeyCommand.Rotate.class})
final class PayloadKeyCommand {

  @Command(
      name = "create",
      description =
          "Write a new payload keyset (Tink AES-256-GCM, mode 0600) to FILE; give the same file to"
              + " the worker, the agents, the CLI and the API.")
  static final class Create implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "where the keyset goes")
    Path file;

    @Override
    public Integer call() throws Exception {
      if (Files.exists(file)) {
        throw new UsageException(
            file
                + " exists; etcd-dr never overwrites a keyset (histories written with it need it)");
      }
      String keyId = PayloadKeys.create(file);
      spec.commandLine()
          .getOut()
          .println("payload key " + keyId + " written to " + file + " (mode 0600)");
      return ExitCode.OK.code();
    }
  }

  @Command(
      name = "rotate",
      description =
          "Add a new key to FILE and make it the one that encrypts; the old keys stay to read what"
              + " they wrote. Copy the file to every process, then restart them.")
  static final class Rotate implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "the keyset to rotate")
    Path file;

    @Override
    public Integer call() throws Exception {
      if (!Files.isRegularFile(file)) {
        throw new UsageException(
            "no keyset at " + file + "; create one with `etcd-dr payload-key create " + file + "`");
      }
      String keyId;
      try {
        keyId = PayloadKeys.rotate(file);
      } catch (java.security.GeneralSecurityException | java.io.IOException e) {
        throw new UsageException(file + " is not a readable Tink AES-GCM keyset; nothing changed");
      }
      spec.commandLine()
          .getOut()
          .println(
              "payload key "
                  + keyId
                  + " added to "
                  + file
                  + " and now encrypts; the older keys still decrypt");
      return ExitCode.OK.code();
    }
  }
}
