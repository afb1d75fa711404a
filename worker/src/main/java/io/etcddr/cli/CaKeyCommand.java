package io.etcddr.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * `ca-key backup|restore`: the shipped ca-key-backup and ca-key-restore runbooks, followed to their
 * end. The key is encrypted and decrypted on the nodes by their agents, never here.
 */
@Command(
    name = "ca-key",
    description = "Keep an encrypted copy of the cluster CA's key away from the CA node.",
    subcommands = {CaKeyCommand.Backup.class, CaKeyCommand.Restore.class})
final class CaKeyCommand {

  /** Where the copy goes, as the snapshot runbooks name stores. */
  static final class Store {
    @Option(names = "--cluster", required = true, description = "the cluster in the inventory")
    String cluster;

    @Option(
        names = "--store",
        required = true,
        description = "s3://BUCKET/PREFIX or a folder, as the snapshots use")
    String store;

    @Option(names = "--store-endpoint", description = "an S3 API other than AWS's (MinIO, Ceph)")
    String storeEndpoint;

    @Option(names = "--region", description = "the store's region (default us-east-1)")
    String region;

    List<String> sets() {
      List<String> sets = new ArrayList<>(List.of("cluster=" + cluster, "store=" + store));
      if (storeEndpoint != null) {
        sets.add("storeEndpoint=" + storeEndpoint);
      }
      if (region != null) {
        sets.add("region=" + region);
      }
      return sets;
    }
  }

  @Command(
      name = "backup",
      description =
          "Encrypt the CA certificate and key on the CA node (its snapshot key) into the store.")
  static final class Backup implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin TemporalFlags temporal;
    @Mixin Folders.Library library;
    @Mixin Folders.Clusters clusters;
    @Mixin Store store;

    @Override
    public Integer call() throws Exception {
      return followed(spec, temporal, library, clusters, "ca-key-backup", store.sets());
    }
  }

  @Command(
      name = "restore",
      description =
          "Put the stored copy of the CA key on --node (decrypted there, 0600); then set that node"
              + " as spec.caNode in the inventory.")
  static final class Restore implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin TemporalFlags temporal;
    @Mixin Folders.Library library;
    @Mixin Folders.Clusters clusters;
    @Mixin Store store;

    @Option(names = "--node", required = true, description = "the node that becomes the CA node")
    String node;

    @Override
    public Integer call() throws Exception {
      List<String> sets = store.sets();
      sets.add("node=" + node);
      return followed(spec, temporal, library, clusters, "ca-key-restore", sets);
    }
  }

  private static int followed(
      picocli.CommandLine.Model.CommandSpec spec,
      TemporalFlags temporal,
      Folders.Library library,
      Folders.Clusters clusters,
      String runbook,
      List<String> sets)
      throws Exception {
    RunCommands.Run run = new RunCommands.Run();
    run.spec = spec;
    run.temporal = temporal;
    run.library = library;
    run.clusters = clusters;
    run.runbook = runbook;
    run.sets = sets;
    run.follow = true;
    return run.call();
  }
}
