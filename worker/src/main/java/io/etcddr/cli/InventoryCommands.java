package io.etcddr.cli;

import io.etcddr.onboard.InventoryImport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `inventory import`: onboarding a cluster from RKE's cluster.yml. */
@Command(
    name = "inventory",
    description = "Describe clusters for etcd-dr (the inventory folder, --clusters).",
    subcommands = {InventoryCommands.Import.class})
final class InventoryCommands {

  @Command(
      name = "import",
      description =
          "Write clusters/NAME.yaml from RKE's cluster.yml: nodes, addresses, sites (from a node"
              + " label), etcd endpoints, certificate folder. Never replaces a file unless --force.")
  static final class Import implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin Folders.Clusters clusters;

    @Option(
        names = "--rke-config",
        required = true,
        paramLabel = "FILE",
        description = "RKE's cluster.yml")
    Path rkeConfig;

    @Option(names = "--name", required = true, description = "the cluster's name in etcd-dr")
    String name;

    @Option(
        names = "--site-label",
        defaultValue = "topology.kubernetes.io/zone",
        description = "the node label that names a node's site (default ${DEFAULT-VALUE})")
    String siteLabel;

    @Option(
        names = "--deploy-node",
        description = "the node that runs `rke up` (holds cluster.rkestate)")
    String deployNode;

    @Option(
        names = "--ca-node",
        description = "the node that holds the kube CA key (kube-ca-key.pem)")
    String caNode;

    @Option(
        names = "--rke-config-on-node",
        paramLabel = "PATH",
        description =
            "where cluster.yml is on the deploy node (default: the path given to --rke-config)")
    String rkeConfigOnNode;

    @Option(
        names = "--cert-name",
        paramLabel = "NAME",
        description = "an extra SAN for every member certificate (repeatable)")
    List<String> certNames = new ArrayList<>();

    @Option(
        names = "--etcd-ca",
        defaultValue = "/etc/etcd-dr/etcd/ca.pem",
        description = "the worker's copy of the etcd CA certificate (default ${DEFAULT-VALUE})")
    String etcdCa;

    @Option(
        names = "--etcd-cert",
        defaultValue = "/etc/etcd-dr/etcd/client.pem",
        description = "the worker's etcd client certificate (default ${DEFAULT-VALUE})")
    String etcdCert;

    @Option(
        names = "--etcd-key",
        defaultValue = "/etc/etcd-dr/etcd/client-key.pem",
        description = "its key, on the worker's host (default ${DEFAULT-VALUE})")
    String etcdKey;

    @Option(names = "--force", description = "replace an existing clusters/NAME.yaml")
    boolean force;

    @Override
    public Integer call() {
      InventoryImport.Result result =
          InventoryImport.write(
              clusters.inventory(),
              new InventoryImport.Request(
                  name,
                  rkeConfig,
                  rkeConfigOnNode,
                  siteLabel,
                  deployNode,
                  caNode,
                  certNames,
                  new InventoryImport.EtcdClient(etcdCa, etcdCert, etcdKey),
                  force));
      var out = spec.commandLine().getOut();
      out.println(
          "wrote "
              + result.file()
              + ": "
              + result.nodes()
              + " nodes, etcd at "
              + String.join(", ", result.endpoints()));
      for (String warning : result.warnings()) {
        out.println("  to review: " + warning);
      }
      return ExitCode.OK.code();
    }
  }
}
