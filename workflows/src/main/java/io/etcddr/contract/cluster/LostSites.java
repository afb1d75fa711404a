package io.etcddr.contract.cluster;

import java.util.List;

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
    List<String> sites, List<String> lost, List<String> survivors, String label) {}
