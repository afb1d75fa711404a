package io.etcddr.contract.inventory;

import io.etcddr.contract.Key;
import io.etcddr.contract.Placement;
import io.etcddr.contract.Step;
import io.etcddr.contract.StepContext;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Facts about a cluster's nodes from the inventory beside the worker. */
@ActivityInterface
public interface InventoryActivities {

  record NodeRequest(
      @Key("cluster name; endpoints and TLS come from the inventory") String cluster,
      @Key(value = "the node's name", as = Key.As.NODE) String node) {}

  record NodeFacts(
      @Key("the node's IP") String address,
      @Key("its site (room)") String site,
      @Key("https://ADDRESS:2380") String peerUrl,
      @Key("https://ADDRESS:2379") String clientUrl,
      @Key("kube-etcd-<ip-with-dashes>.pem, full path") String certFile,
      @Key("kube-etcd-<ip-with-dashes>-key.pem, full path") String keyFile,
      @Key("kube-ca.pem, full path") String caFile,
      @Key("extra SANs for the cluster's member certificates") java.util.List<String> certNames,
      @Key(value = "the nodes in this node's site, itself included", as = Key.As.NODE)
          java.util.List<String> sameSite,
      @Key(value = "the nodes in every other site", as = Key.As.NODE)
          java.util.List<String> otherSites,
      @Key(value = "the cluster's deploy node (runs rke up)", as = Key.As.NODE) String deployNode,
      @Key("its IP (empty when it is not a node listed)") String deployAddress,
      @Key("etcd's data dir on the hosts (RKE's prefix_path)") String dataDir) {}

  /**
   * A node's address, site and RKE file names (kube-etcd-&lt;ip-with-dashes&gt;.pem in the
   * cluster's certificate directory). Read-only; fails without retry for an unknown node.
   */
  @Step(
      value = "A node of the cluster inventory: its address, site and RKE file names.",
      placement = Placement.WORKER,
      reads = "look the node up in the inventory")
  @ActivityMethod(name = "inventory.node")
  NodeFacts node(NodeRequest request, StepContext context);
}
