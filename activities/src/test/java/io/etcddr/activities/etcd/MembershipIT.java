package io.etcddr.activities.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.etcddr.contract.etcd.ClusterHealth;
import io.etcddr.contract.etcd.EtcdActivities;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;

/**
 * The planned path on real etcd as one scenario, each mutating activity run twice to prove
 * idempotency: a second learner is refused while one exists, the learner waits until caught up and
 * is promoted (again: no-op), verify checks revision, keys and samples, and a member is removed
 * (again: no-op).
 */
@OnEachEtcdVersion
class MembershipIT {

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
  void learnerIsPromotedOnceVerifiedAndRemovedOnce() throws Exception {
    EtcdActivitiesImpl etcd = ETCD.etcd();
    new LearnerFailover(ETCD).write("configmaps", 50, 50);

    assertThatThrownBy(
            () ->
                etcd.addLearner(
                    new EtcdActivities.AddLearnerRequest(
                        LAB, "second", "https://" + ETCD.spare(0) + ":2380"),
                    EtcdClusterExtension.CONTEXT))
        .isInstanceOf(ApplicationFailure.class)
        .hasMessageContaining("already has 1 learner(s), etcd's maximum");

    EtcdActivities.CaughtUp caughtUp =
        TransientRetries.call(
            () ->
                etcd.waitCaughtUp(
                    new EtcdActivities.MemberRequest(LAB, "learner", 10),
                    EtcdClusterExtension.CONTEXT));
    EtcdActivities.MemberRef learner = new EtcdActivities.MemberRef(LAB, "learner");
    EtcdActivities.Promoted first =
        TransientRetries.call(() -> etcd.promote(learner, EtcdClusterExtension.CONTEXT));
    EtcdActivities.Promoted second = etcd.promote(learner, EtcdClusterExtension.CONTEXT);
    assertThat(caughtUp.lag()).isLessThanOrEqualTo(10);
    assertThat(first.promoted()).isTrue();
    assertThat(second.promoted()).isFalse();
    assertThat(second.memberId()).isEqualTo(first.memberId());
    ClusterHealth health = etcd.health(LAB);
    assertThat(health.learners()).isEmpty();
    assertThat(health.quorum()).isTrue();

    EtcdActivities.Verified ok =
        etcd.verify(
            new EtcdActivities.VerifyRequest(
                LAB, null, "/registry/configmaps/", 50L, 50L, List.of("/registry/configmaps/7")),
            EtcdClusterExtension.CONTEXT);
    assertThat(ok.keys()).isEqualTo(50);
    assertThat(ok.revision()).isGreaterThanOrEqualTo(50);
    assertThat(ok.clusterId()).isEqualTo(health.clusterId()).isNotEmpty();
    assertThatThrownBy(
            () ->
                etcd.verify(
                    new EtcdActivities.VerifyRequest(
                        LAB, null, "/registry/configmaps/", null, 51L, List.of("/registry/nope")),
                    EtcdClusterExtension.CONTEXT))
        .hasMessageContaining("50 keys under /registry/configmaps/ < 51")
        .hasMessageContaining("missing [/registry/nope]");

    EtcdActivities.Removed removed =
        TransientRetries.call(() -> etcd.removeMember(learner, EtcdClusterExtension.CONTEXT));
    EtcdActivities.Removed again =
        TransientRetries.call(() -> etcd.removeMember(learner, EtcdClusterExtension.CONTEXT));
    assertThat(removed.removed()).isTrue();
    assertThat(again.removed()).isFalse();
  }
}
