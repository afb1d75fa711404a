package io.etcddr.contract.inventory;

import io.etcddr.contract.StepContext;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Facts about a cluster's nodes from the inventory beside the worker. */
@ActivityInterface
public interface InventoryActivities {

  record NodeRequest(String cluster, String node) {}

  record NodeFacts(
      String address,
      String site,
      String peerUrl,
      String clientUrl,
      String certFile,
      String keyFile,
      String caFile,
      java.util.List<String> certNames,
      java.util.List<String> sameSite,
      java.util.List<String> otherSites,
      String deployNode,
      String deployAddress,
      String dataDir) {}

  /**
   * A node's address, site and RKE file names (kube-etcd-&lt;ip-with-dashes&gt;.pem in the
   * cluster's certificate directory). Read-only; fails without retry for an unknown node.
   */
  @ActivityMethod(name = "inventory.node")
  NodeFacts node(NodeRequest request, StepContext context);
}
