package io.etcddr.activities.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.etcddr.activities.etcddata.DurableFiles;
import io.etcddr.contract.etcd.ClusterHealth;
import io.etcddr.contract.etcd.EndpointStatus;
import io.etcddr.contract.etcd.EtcdActivities;
import io.etcddr.contract.etcddata.EtcdDataActivities;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;

/**
 * A lost voter site on real etcd, as one scenario: three voters and a learner added by our
 * `etcd.addLearner` (added once by peer URL), snapshots from a voter but not from the learner, then
 * every voter killed at once: `etcd.status` says quorum is lost, within its timeout, while the
 * learner still answers; its own view follows the voters' leader by its heartbeats while they live
 * and stops when they die.
 */
@OnEachEtcdVersion
class QuorumLossIT {

  private static EtcdClusterExtension ETCD;

  /** The version this invocation runs on (its cluster is started for it below). */
  @Parameter EtcdVersion version;

  @BeforeParameterizedClassInvocation
  static void start(EtcdVersion version) throws Exception {
    ETCD = EtcdClusterExtension.builder().voters(3).learner().version(version).build().start();
  }

  @AfterParameterizedClassInvocation
  static void stop() throws Exception {
    ETCD.close();
  }

  private static final String LAB = EtcdClusterExtension.CLUSTER;

  @Test
  void statusSaysQuorumLostWithinItsTimeoutWhileTheLearnerAnswers() throws Exception {
    EtcdActivitiesImpl etcd = ETCD.etcd();
    String learnerUrl = "https://" + ETCD.learnerAddress() + ":2379";
    EtcdActivities.AddLearnerResult again =
        etcd.addLearner(
            new EtcdActivities.AddLearnerRequest(
                LAB, "learner", "https://" + ETCD.learnerAddress() + ":2380"),
            EtcdClusterExtension.CONTEXT);
    assertThat(again.added()).as("the same peer URL is the same member").isFalse();
    assertThat(again.initialCluster())
        .contains("learner=https://" + ETCD.learnerAddress() + ":2380");
    new LearnerFailover(ETCD).write("pods", 100, 10);
    ClusterHealth healthy = awaitLearnerAnswering(etcd);
    assertThat(healthy.quorum()).isTrue();
    assertThat(healthy.learners()).containsExactly("learner");
    assertThat(healthy.reachable()).hasSize(4);

    Path file = ETCD.cluster().root().resolve("snapshots/s1.db");
    EtcdDataActivities.SnapshotRequest request =
        new EtcdDataActivities.SnapshotRequest(
            LAB, file.toString(), null, 2, null, null, null, null);
    EtcdDataActivities.Snapshot snapshot =
        ETCD.data().snapshot(request, EtcdClusterExtension.CONTEXT);
    assertThat(snapshot.bytes()).isEqualTo(Files.size(file)).isPositive();
    assertThat(snapshot.sha256()).isEqualTo(DurableFiles.sha256File(file));
    assertThat(snapshot.revision()).isGreaterThanOrEqualTo(100);
    assertThat(ETCD.data().snapshot(request, EtcdClusterExtension.CONTEXT)).isEqualTo(snapshot);
    assertThatThrownBy(
            () ->
                ETCD.data()
                    .snapshot(
                        new EtcdDataActivities.SnapshotRequest(
                            LAB,
                            ETCD.cluster().root().resolve("snapshots/l.db").toString(),
                            learnerUrl,
                            null,
                            null,
                            null,
                            null,
                            null),
                        EtcdClusterExtension.CONTEXT))
        .isInstanceOf(ApplicationFailure.class)
        .hasMessageContaining("is a learner, and etcd refuses snapshots from a learner")
        .satisfies(e -> assertThat(((ApplicationFailure) e).isNonRetryable()).isTrue());

    EtcdActivities.LearnerView alive =
        etcd.learnerView(new EtcdActivities.LearnerViewRequest(LAB, learnerUrl, null, null), null);
    assertThat(alive.follows()).as("the voters' site is alive and reaches the learner").isTrue();
    assertThat(alive.receivedAfter())
        .as("the leader's heartbeats arrived between the reads, written to or not")
        .isGreaterThan(alive.receivedBefore())
        .isPositive();

    new LearnerFailover(ETCD).killVoters();
    long start = System.nanoTime();
    ClusterHealth lost = etcd.status(new EtcdActivities.StatusRequest(LAB, null, "3s"), null);
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(lost.quorum()).isFalse();
    assertThat(lost.leader()).isEmpty();
    assertThat(lost.unreachable()).containsExactlyInAnyOrderElementsOf(ETCD.voterUrls());
    assertThat(lost.reachable()).containsExactly(learnerUrl);
    EndpointStatus learner = lost.members().get(3);
    assertThat(learner.isLearner()).isTrue();
    assertThat(learner.raftAppliedIndex()).isPositive();
    assertThat(lost.clusterId()).isEqualTo(healthy.clusterId());

    EtcdActivities.LearnerView view =
        etcd.learnerView(new EtcdActivities.LearnerViewRequest(LAB, learnerUrl, "1s", "2s"), null);
    assertThat(view.answers()).as("the learner still serves").isTrue();
    assertThat(view.follows()).as("nothing moves its raft index any more").isFalse();
    assertThat(view.indexAfter()).isEqualTo(view.indexBefore()).isPositive();
    assertThat(view.receivedAfter())
        .as("no leader sends it anything")
        .isEqualTo(view.receivedBefore());
    // Not a timing assertion on performance: the contract that status answers within its timeout
    // (3 s per endpoint, asked in parallel) while quorum is lost, plus generous slack.
    assertThat(took).isLessThan(Duration.ofSeconds(15));
  }

  /** A learner that does not answer cannot follow: no pause, no second read waits its timeout. */
  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void learnerViewOfALearnerThatDoesNotAnswerEndsAtItsFirstRead() {
    String nobody = "https://" + ETCD.learnerAddress() + ":2399"; // no etcd listens there
    EtcdActivities.LearnerView view =
        ETCD.etcd()
            .learnerView(new EtcdActivities.LearnerViewRequest(LAB, nobody, "10m", null), null);
    assertThat(view.answers()).isFalse();
    assertThat(view.follows()).isFalse();
  }

  private static ClusterHealth awaitLearnerAnswering(EtcdActivitiesImpl etcd) throws Exception {
    ClusterHealth health = null;
    for (int i = 0; i < 60; i++) {
      health = etcd.status(new EtcdActivities.StatusRequest(LAB, null, "2s"), null);
      if (health.reachable().size() == 4 && health.quorum()) {
        return health;
      }
      Thread.sleep(500);
    }
    return health;
  }
}
