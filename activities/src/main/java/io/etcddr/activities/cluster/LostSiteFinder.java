package io.etcddr.activities.cluster;

import io.etcddr.activities.inventory.Cluster;
import io.etcddr.contract.cluster.Generation;
import io.etcddr.contract.cluster.LostSites;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Finds the {@link LostSites} of a failover onto a learner from the inventory and the record. */
final class LostSiteFinder {

  private LostSiteFinder() {}

  /**
   * @param current the cluster's current generation, if one is recorded: its voters' URLs tell
   *     where they ran; without one, the inventory's etcd endpoints do
   */
  static LostSites find(Cluster cluster, Cluster.Node learner, Optional<Generation> current) {
    Set<String> voterHosts = new LinkedHashSet<>();
    if (current.isPresent() && !current.get().members().isEmpty()) {
      for (Generation.Member member : current.get().members()) {
        if (!member.learner()) {
          member.peerUrls().forEach(u -> voterHosts.add(URI.create(u).getHost()));
          member.clientUrls().forEach(u -> voterHosts.add(URI.create(u).getHost()));
        }
      }
    } else {
      cluster.etcd().endpoints().forEach(u -> voterHosts.add(URI.create(u).getHost()));
    }
    Set<String> sites = new LinkedHashSet<>();
    for (String host : voterHosts) {
      cluster
          .nodeAt(host)
          .filter(n -> !n.address().equals(learner.address()))
          .map(Cluster.Node::site)
          .filter(site -> !site.equals(learner.site()))
          .ifPresent(sites::add);
    }
    List<String> lost = new ArrayList<>();
    List<String> survivors = new ArrayList<>();
    cluster.nodes().stream()
        .filter(n -> n.site().equals(learner.site()))
        .forEach(n -> survivors.add(n.name()));
    for (Cluster.Node node : cluster.nodes()) {
      if (sites.contains(node.site())) {
        lost.add(node.name());
      } else if (!node.site().equals(learner.site())) {
        survivors.add(node.name());
      }
    }
    String label =
        (sites.size() == 1 ? "site " : "sites ") + String.join(" and ", List.copyOf(sites));
    return new LostSites(List.copyOf(sites), lost, survivors, label);
  }
}
