package io.etcddr.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.etcddr.activities.cluster.ClusterActivitiesImpl;
import io.etcddr.activities.etcd.EtcdClusterExtension;
import io.etcddr.activities.inventory.ClusterInventory;
import io.etcddr.contract.cluster.ClusterActivities;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A foreign cluster that serves with no agent to fence it, on real etcd: the old three voters keep
 * quorum after generation 2 (a restored single member) was recorded. The worker's monitor exports
 * {@code etcd_dr_split_brain{cluster="lab"} 1} while both serve, and 0 once the old one is gone.
 */
class SplitBrainMetricIT {

  @RegisterExtension
  static final EtcdClusterExtension ETCD =
      EtcdClusterExtension.builder().voters(3).records().build();

  @Test
  void metricIsOneWhileTheOldGenerationServesAndZeroOnceItIsGone() throws Exception {
    ETCD.etcd().health(EtcdClusterExtension.CLUSTER); // adopts generation 1
    String restored = ETCD.restoreAsNewCluster(0);
    new ClusterActivitiesImpl(ETCD.records(), ETCD.etcd())
        .newGeneration(
            new ClusterActivities.NewGenerationRequest(
                EtcdClusterExtension.CLUSTER, List.of(restored), null),
            EtcdClusterExtension.CONTEXT);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    try (SplitBrainMonitor monitor =
        SplitBrainMonitor.start(
            new ClusterInventory(ETCD.inventory()), ETCD.etcd(), registry, Duration.ofSeconds(1))) {
      String split = await(registry, s -> s.contains("etcd_dr_split_brain{cluster=\"lab\"} 1.0"));
      assertThat(split).contains("etcd_dr_cluster_generation{cluster=\"lab\"} 2.0");

      for (String voter : List.of("m1", "m2", "m3")) {
        ETCD.cluster().kill(voter);
      }
      await(registry, s -> s.contains("etcd_dr_split_brain{cluster=\"lab\"} 0.0"));
    }
  }

  private static String await(PrometheusMeterRegistry registry, Predicate<String> until)
      throws InterruptedException {
    String last = "";
    for (int i = 0; i < 60; i++) {
      last = registry.scrape();
      if (until.test(last)) {
        return last;
      }
      Thread.sleep(500);
    }
    throw new AssertionError("the metric never showed it:\n" + last);
  }
}
