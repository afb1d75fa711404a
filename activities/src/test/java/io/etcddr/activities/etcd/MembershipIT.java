package io.etcddr.activities.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.etcddr.engine.StepContext;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The planned path on real etcd, each mutating activity run twice to prove idempotency: a learner
 * waits until caught up, is promoted (again: no-op), a second learner is refused while one exists,
 * members are removed (again: no-op), and verify checks revision, keys and samples. Addresses
 * 127.0.0.160–169.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MembershipIT {

  private static final StepContext CONTEXT = SeedScenario.CONTEXT;
  @TempDir static Path inventory;
  private static SeedScenario seed;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(
        EtcdTestCluster.etcdInstalled(),
        "SKIPPED LOUDLY: Debian's etcd-server is not installed; run bin/setup");
    seed =
        new SeedScenario(
            new String[] {"127.0.0.160", "127.0.0.161", "127.0.0.162"},
            "127.0.0.163",
            "127.0.0.169",
            inventory);
    seed.write("configmaps", 50, 50);
  }

  @AfterAll
  static void stop() throws Exception {
    if (seed != null) {
      seed.close();
    }
  }

  @Test
  @Order(1)
  void secondLearnerIsRefusedWithTheReason() {
    assertThatThrownBy(
            () ->
                seed.etcd.addLearner(
                    new EtcdActivities.AddLearnerRequest(
                        "lab", "second", "https://127.0.0.164:2380"),
                    CONTEXT))
        .isInstanceOf(ApplicationFailure.class)
        .hasMessageContaining("already has 1 learner(s), etcd's maximum");
  }

  @Test
  @Order(2)
  void learnerCatchesUpAndIsPromotedOnce() {
    EtcdActivities.CaughtUp caughtUp =
        retryingTransient(
            () ->
                seed.etcd.waitCaughtUp(
                    new EtcdActivities.MemberRequest("lab", "learner", 10), CONTEXT));
    EtcdActivities.Promoted first = promoteWhenReady();
    EtcdActivities.Promoted second =
        seed.etcd.promote(new EtcdActivities.MemberRequest("lab", "learner", null), CONTEXT);

    assertThat(caughtUp.lag()).isLessThanOrEqualTo(10);
    assertThat(first.promoted()).isTrue();
    assertThat(second.promoted()).isFalse();
    assertThat(second.memberId()).isEqualTo(first.memberId());
    ClusterHealth health =
        seed.etcd.status(new EtcdActivities.StatusRequest("lab", null, null), CONTEXT);
    assertThat(health.learners()).isEmpty();
    assertThat(health.quorum()).isTrue();
  }

  @Test
  @Order(3)
  void verifyChecksKeysRevisionAndSamples() {
    EtcdActivities.Verified ok =
        seed.etcd.verify(
            new EtcdActivities.VerifyRequest(
                "lab", null, "/registry/configmaps/", 50L, 50L, List.of("/registry/configmaps/7")),
            CONTEXT);

    assertThat(ok.keys()).isEqualTo(50);
    assertThat(ok.revision()).isGreaterThanOrEqualTo(50);
    assertThatThrownBy(
            () ->
                seed.etcd.verify(
                    new EtcdActivities.VerifyRequest(
                        "lab", null, "/registry/configmaps/", null, 51L, List.of("/registry/nope")),
                    CONTEXT))
        .hasMessageContaining("50 keys under /registry/configmaps/ < 51")
        .hasMessageContaining("missing [/registry/nope]");
  }

  @Test
  @Order(4)
  void removingAMemberTwiceRemovesItOnce() {
    EtcdActivities.MemberRequest learner = new EtcdActivities.MemberRequest("lab", "learner", null);
    EtcdActivities.Removed first =
        retryingTransient(() -> seed.etcd.removeMember(learner, CONTEXT));
    EtcdActivities.Removed second =
        retryingTransient(() -> seed.etcd.removeMember(learner, CONTEXT));

    assertThat(first.removed()).isTrue();
    assertThat(second.removed()).isFalse();
  }

  private static EtcdActivities.Promoted promoteWhenReady() {
    return retryingTransient(
        () -> seed.etcd.promote(new EtcdActivities.MemberRequest("lab", "learner", null), CONTEXT));
  }

  /**
   * Calls an activity as Temporal would: again after a retryable failure. etcd answers "learner not
   * in sync" or "unhealthy cluster" for a few seconds after membership changes (ETCD-FACTS.md).
   */
  private static <T> T retryingTransient(java.util.function.Supplier<T> call) {
    ApplicationFailure last = null;
    for (int i = 0; i < 40; i++) {
      try {
        return call.get();
      } catch (ApplicationFailure e) {
        if (e.isNonRetryable()) {
          throw e;
        }
        last = e;
        try {
          Thread.sleep(500);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
    throw last;
  }
}
