package io.etcddr.contract.cluster;

import io.etcddr.contract.Key;
import java.util.List;

/**
 * Which nodes a failover onto a learner drops and fences: those of the sites that held the current
 * generation's voters (the learner's own site never), and no others — a third site that held no
 * voter is healthy and stays in cluster.yml. Everything not dropped survives.
 */
public record LostSites(
    @Key("the sites that held the voters") List<String> sites,
    @Key(value = "their nodes", as = Key.As.NODE) List<String> lost,
    @Key(value = "every other node, the learner's site first", as = Key.As.NODE)
        List<String> survivors,
    @Key("how people name them: \"site A\", \"sites A and C\"") String label) {}
