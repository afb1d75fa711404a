package io.etcddr.activities.cluster;

import io.etcddr.activities.inventory.Cluster;
import io.etcddr.cluster.Generation;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which nodes a failover onto a learner drops and fences: those of the sites that held the current
 * generation's voters (the learner's own site never), and no others — a third site that held no
 * voter is healthy and stays in cluster.yml. Everything not dropped survives.
 *
 * @param sites the sites that held the voters
 * @param lost their nodes
 * @param survivors every other node, the learner's site first
 * @param label how people name them: "site A", "sites A and C"
 */
public record LostSites(
    List<String> sites, List<String> lost, List<String> survivors, String label) {

  /**
   * @param current the cluster's current generation, if one is recorded: its voters' URLs tell
   *     where they ran; without one, the inventory's etcd endpoints do
   */
  static LostSites of(Cluster cluster, Cluster.Node learner, Optional<Generation> current) {
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
