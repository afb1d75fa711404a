package io.etcddr.cli;

import io.etcddr.activities.inventory.ClusterInventory;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The folders commands read beside the worker: the runbook library and the cluster inventory. */
final class Folders {

  private Folders() {}

  /** `--library`: where runbooks are found by name. */
  static final class Library {
    @Option(
        names = "--library",
        defaultValue = "${env:ETCD_DR_LIBRARY:-runbooks}",
        description = "runbook library folder (env ETCD_DR_LIBRARY; default ${DEFAULT-VALUE})")
    Path path;

    Path existing() {
      if (!Files.isDirectory(path)) {
        throw new UsageException(
            "runbook library "
                + path.toAbsolutePath()
                + " is not a folder; set --library or ETCD_DR_LIBRARY");
      }
      return path;
    }
  }

  /** `--clusters`: the cluster descriptions (kind: Cluster), for etcd endpoints, TLS and nodes. */
  static final class Clusters {
    @Option(
        names = "--clusters",
        defaultValue = "${env:ETCD_DR_CLUSTERS}",
        description =
            "cluster inventory folder (env ETCD_DR_CLUSTERS; default: the running lab's, else"
                + " ./clusters)")
    Path given;

    /** As given, else the inventory of the lab on this machine, else ./clusters. */
    Path path() {
      return given != null ? given : RunningLab.clusters().orElse(Path.of("clusters"));
    }

    /** Whether there is an inventory here at all; a laptop's CLI has none and asks the worker. */
    boolean present() {
      return Files.isDirectory(path());
    }

    ClusterInventory inventory() {
      return new ClusterInventory(path());
    }
  }
}
