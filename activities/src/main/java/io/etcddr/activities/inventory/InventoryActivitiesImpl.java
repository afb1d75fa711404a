package io.etcddr.activities.inventory;

import io.etcddr.activities.cert.RkeCertificateNames;
import io.etcddr.activities.preflight.PreflightTable;
import io.etcddr.activities.preflight.Preflighted;
import io.etcddr.activities.support.ActivityFailures;
import io.etcddr.contract.StepContext;
import io.etcddr.contract.inventory.InventoryActivities;
import java.nio.file.Path;

public final class InventoryActivitiesImpl implements InventoryActivities, Preflighted {

  private final ClusterInventory inventory;

  public InventoryActivitiesImpl(ClusterInventory inventory) {
    this.inventory = inventory;
  }

  @Override
  public PreflightTable preflights() {
    return new PreflightTable().readsDeclaredBy(this);
  }

  @Override
  public NodeFacts node(NodeRequest request, StepContext context) {
    try {
      Cluster cluster = inventory.require(request.cluster());
      Cluster.Node node =
          cluster
              .node(request.node())
              .orElseThrow(
                  () ->
                      ActivityFailures.badInput(
                          "cluster `"
                              + request.cluster()
                              + "` has no node `"
                              + request.node()
                              + "`; known: "
                              + cluster.nodes().stream().map(Cluster.Node::name).toList()));
      cluster
          .withoutSite()
          .ifPresent(
              n -> {
                throw ActivityFailures.badInput(Cluster.noSite(request.cluster(), n));
              });
      Path certDir = Path.of(cluster.certDir());
      return new NodeFacts(
          node.address(),
          node.site(),
          "https://" + node.address() + ":2380",
          "https://" + node.address() + ":2379",
          RkeCertificateNames.etcdCert(certDir, node.address()).toString(),
          RkeCertificateNames.etcdKey(certDir, node.address()).toString(),
          certDir.resolve(RkeCertificateNames.CA_CERT).toString(),
          cluster.certNames(),
          names(cluster, n -> n.site().equals(node.site())),
          names(cluster, n -> !n.site().equals(node.site())),
          cluster.deployNode(),
          cluster.node(cluster.deployNode()).map(Cluster.Node::address).orElse(""),
          cluster.dataDir());
    } catch (ClusterInventory.InventoryException e) {
      throw ActivityFailures.badInput(e.getMessage());
    }
  }

  private static java.util.List<String> names(
      Cluster cluster, java.util.function.Predicate<Cluster.Node> which) {
    return cluster.nodes().stream().filter(which).map(Cluster.Node::name).toList();
  }
}
