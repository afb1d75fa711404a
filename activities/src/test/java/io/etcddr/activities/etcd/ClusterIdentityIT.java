package io.etcddr.activities.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.etcddr.activities.cluster.ClusterActivitiesImpl;
import io.etcddr.contract.cluster.ClusterActivities;
import io.etcddr.contract.cluster.ClusterRecord;
import io.etcddr.contract.etcd.ClusterHealth;
import io.etcddr.contract.etcd.EtcdActivities;
import io.etcddr.contract.etcddata.EtcdDataActivities;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;

/**
 * A cluster is known by its etcd cluster ID, not by its addresses, on real etcd and the real
 * cluster workflow: the first healthy status adopts the ID as generation 1; a restored cluster
 * recorded as generation 2 is what every later call uses; the old cluster still answering at the
 * inventory's addresses is foreign, a split brain, and a snapshot is refused naming both; once it
 * is gone, snapshots come from the new cluster.
 */
@OnEachEtcdVersion
class ClusterIdentityIT {

  private static EtcdClusterExtension ETCD;

  /** The version this invocation runs on (its cluster is started for it below). */
  @Parameter EtcdVersion version;

  @BeforeParameterizedClassInvocation
  static void start(EtcdVersion version) throws Exception {
    ETCD = EtcdClusterExtension.builder().voters(3).records().version(version).build().start();
  }

  @AfterParameterizedClassInvocation
  static void stop() throws Exception {
    ETCD.close();
  }

  private static final String LAB = EtcdClusterExtension.CLUSTER;

  @Test
  void laterCallsUseTheNewGenerationAndRefuseToSnapshotASplitBrain() throws Exception {
    EtcdActivitiesImpl etcd = ETCD.etcd();
    new LearnerFailover(ETCD).write("pods", 20, 10);
    ClusterHealth first = etcd.health(LAB);
    assertThat(first.quorum()).isTrue();
    assertThat(first.generation()).isEqualTo(1);
    assertThat(ETCD.records().find(LAB).flatMap(ClusterRecord::current).orElseThrow().clusterId())
        .isEqualTo(first.clusterId());

    String restoredUrl = ETCD.restoreAsNewCluster(0);
    ClusterActivities.GenerationMade made =
        new ClusterActivitiesImpl(ETCD.records(), etcd)
            .newGeneration(
                new ClusterActivities.NewGenerationRequest(LAB, List.of(restoredUrl), null),
                EtcdClusterExtension.CONTEXT);
    assertThat(made.generation()).isEqualTo(2);
    assertThat(made.clusterId()).isNotEqualTo(first.clusterId());

    ClusterHealth split = etcd.health(LAB);
    assertThat(split.clusterId()).isEqualTo(made.clusterId());
    assertThat(split.generation()).isEqualTo(2);
    assertThat(split.quorum()).isTrue();
    assertThat(split.reachable()).containsExactly(restoredUrl);
    assertThat(split.splitBrain()).isTrue();
    assertThat(split.foreign())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.clusterId()).isEqualTo(first.clusterId());
              assertThat(f.quorum()).isTrue();
              assertThat(f.endpoints()).containsExactlyInAnyOrderElementsOf(ETCD.voterUrls());
            });
    Path snapshot = ETCD.cluster().root().resolve("snapshots/split.db");
    EtcdDataActivities.SnapshotRequest request =
        new EtcdDataActivities.SnapshotRequest(
            LAB, snapshot.toString(), null, null, null, null, null, null);
    assertThatThrownBy(() -> ETCD.data().snapshot(request, EtcdClusterExtension.CONTEXT))
        .isInstanceOf(ApplicationFailure.class)
        .hasMessageContaining("split brain")
        .hasMessageContaining(made.clusterId())
        .hasMessageContaining(first.clusterId())
        .satisfies(e -> assertThat(((ApplicationFailure) e).isNonRetryable()).isTrue());
    assertThat(snapshot).doesNotExist();

    new LearnerFailover(ETCD).killVoters();
    ClusterHealth alone = etcd.health(LAB);
    assertThat(alone.splitBrain()).isFalse();
    assertThat(alone.foreign()).isEmpty();
    EtcdDataActivities.Snapshot taken = ETCD.data().snapshot(request, EtcdClusterExtension.CONTEXT);
    assertThat(taken.revision()).isEqualTo(alone.revision());
    EtcdActivities.Verified verified =
        etcd.verify(
            new EtcdActivities.VerifyRequest(LAB, null, "/registry/pods/", null, 20L, null),
            EtcdClusterExtension.CONTEXT);
    assertThat(verified.clusterId()).isEqualTo(made.clusterId());
  }
}
