package io.etcddr.activities.etcd;

import io.etcd.jetcd.cluster.Member;
import io.etcddr.activities.inventory.Cluster;
import io.etcddr.activities.support.ActivityFailures;
import io.etcddr.contract.etcd.EtcdActivities.Members;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * etcd's member list in the inventory's terms: which node each member runs on, found by the address
 * in its peer URL, so a runbook can fan out over the members' nodes. Ordered by member name.
 */
final class MemberNodes {

  private MemberNodes() {}

  static Members of(Cluster inventory, List<Member> members, String clusterId) {
    List<String> voters = new ArrayList<>();
    List<String> learners = new ArrayList<>();
    Map<String, String> names = new LinkedHashMap<>();
    List<String> clientUrls = new ArrayList<>();
    List<String> initialCluster = new ArrayList<>();
    // By name, not in etcd's order (by member id): what a person reads in a prompt stays stable.
    List<Member> byName = new ArrayList<>(members);
    byName.sort(java.util.Comparator.comparing(Member::getName));
    for (Member member : byName) {
      if (member.getName().isEmpty()) {
        throw ActivityFailures.notYet(
            "member "
                + Long.toHexString(member.getId())
                + " was added but never started (no name); start or remove it first");
      }
      String node = nodeOf(inventory, member);
      names.put(node, member.getName());
      if (member.isLearner()) {
        learners.add(node);
        continue;
      }
      voters.add(node);
      member.getClientURIs().forEach(uri -> clientUrls.add(uri.toString()));
      member.getPeerURIs().forEach(uri -> initialCluster.add(member.getName() + "=" + uri));
    }
    return new Members(
        voters, learners, names, clientUrls, String.join(",", initialCluster), clusterId);
  }

  private static String nodeOf(Cluster inventory, Member member) {
    for (URI peer : member.getPeerURIs()) {
      Optional<Cluster.Node> node = inventory.nodeAt(peer.getHost());
      if (node.isPresent()) {
        return node.get().name();
      }
    }
    throw ActivityFailures.precondition(
        "member "
            + member.getName()
            + " ("
            + member.getPeerURIs()
            + ") runs on no node of cluster `"
            + inventory.name()
            + "` in the inventory; add its node there");
  }
}
