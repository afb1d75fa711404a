package io.etcddr.cli;

import io.etcddr.activities.store.SnapshotKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `snapshot-key create FILE`: the key snapshots are encrypted with before they leave a node. */
@Command(
    name = "snapshot-key",
    description = "Manage the key that encrypts snapshots on the nodes.",
    subcommands = {SnapshotKeyCommand.Create.class})
final class SnapshotKeyCommand {

  @Command(
      name = "create",
      description =
          "Write a new snapshot key (a Tink streaming AEAD keyset, mode 0600) to FILE; copy it to"
              + " every node that snapshots or restores (agent --snapshot-keyset).")
  static final class Create implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "where the keyset goes")
    Path file;

    @Override
    public Integer call() throws Exception {
      if (Files.exists(file)) {
        throw new UsageException(
            file + " exists; etcd-dr never overwrites a key (snapshots made with it need it)");
      }
      String keyId = SnapshotKeys.create(file);
      spec.commandLine()
          .getOut()
          .println(
              "snapshot key "
                  + keyId
                  + " written to "
                  + file
                  + " (mode 0600; keep a copy offline)");
      return ExitCode.OK.code();
    }
  }
}
