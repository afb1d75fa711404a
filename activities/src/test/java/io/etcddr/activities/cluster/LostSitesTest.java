package io.etcddr.activities.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.etcddr.activities.inventory.Cluster;
import io.etcddr.activities.inventory.ClusterInventory;
import io.etcddr.contract.cluster.Generation;
import io.etcddr.contract.cluster.LostSites;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A failover drops and fences only the sites that held the lost voters: with a third, healthy site
 * (site c, worker1), its nodes survive and stay in cluster.yml.
 */
class LostSitesTest {

  private static final Cluster THREE_SITES = threeSites();
  private static final Cluster.Node LEARNER = THREE_SITES.node("node1").orElseThrow();

  @Test
  void onlyTheVotersSitesAreLostAndAThirdSiteSurvives() {
    LostSites split = LostSiteFinder.find(THREE_SITES, LEARNER, Optional.empty());

    assertThat(split.sites()).containsExactly("a");
    assertThat(split.lost()).containsExactly("master1", "master2", "master3");
    assertThat(split.survivors()).containsExactly("node1", "deploy1", "worker1");
  }

  @Test
  void theRecordedGenerationsVotersDecideNotTheInventorysEndpoints() {
    Generation current =
        new Generation(
            2,
            "c1",
            List.of(
                member("etcd-worker1", "https://10.0.3.31:2379", false),
                member("etcd-node1", "https://10.0.2.21:2379", true)),
            List.of("https://10.0.3.31:2379", "https://10.0.2.21:2379"),
            "made by failover-to-learner/three-sites",
            null,
            null,
            1L,
            null,
            List.of());

    LostSites split = LostSiteFinder.find(THREE_SITES, LEARNER, Optional.of(current));

    assertThat(split.sites()).containsExactly("c");
    assertThat(split.lost()).containsExactly("worker1");
    assertThat(split.survivors())
        .containsExactly("node1", "deploy1", "master1", "master2", "master3");
  }

  @Test
  void aLearnerBesideEveryVoterLeavesNoSiteToFailOverFrom() {
    Cluster.Node inSiteA = THREE_SITES.node("master3").orElseThrow();

    assertThat(LostSiteFinder.find(THREE_SITES, inSiteA, Optional.empty()).sites()).isEmpty();
  }

  private static Generation.Member member(String name, String clientUrl, boolean learner) {
    return new Generation.Member("id-" + name, name, List.of(), List.of(clientUrl), learner);
  }

  private static Cluster threeSites() {
    try {
      return new ClusterInventory(Path.of("src/test/resources/inventory")).require("three-sites");
    } catch (ClusterInventory.InventoryException e) {
      throw new IllegalStateException(e);
    }
  }
}
