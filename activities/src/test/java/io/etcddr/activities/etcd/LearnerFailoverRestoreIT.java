package io.etcddr.activities.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.etcd.jetcd.Client;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's way out on real etcd: all voters lost, the learner stopped gracefully, its backend
 * copied and restored as a new single-member cluster that holds every acknowledged key and takes
 * writes. Copy and restore are idempotent; a running member and an existing data dir are refused.
 * Addresses 127.0.0.140–149.
 */
class LearnerFailoverRestoreIT {

  @TempDir Path inventory;

  @Test
  void restoredLearnerDataServesEveryKeyAndTakesWrites() throws Exception {
    assumeTrue(
        EtcdTestCluster.etcdInstalled(),
        "SKIPPED LOUDLY: Debian's etcd-server is not installed; run bin/setup");
    try (SeedScenario seed =
        new SeedScenario(
            new String[] {"127.0.0.140", "127.0.0.141", "127.0.0.142"},
            "127.0.0.143",
            "127.0.0.149",
            inventory)) {
      seed.write("pods", 300, 200);
      seed.awaitLearnerCaughtUp();
      seed.killVoters();

      EtcdDataActivities.CopyRequest copyRunning =
          new EtcdDataActivities.CopyRequest(
              seed.learnerDataDir().toString(),
              seed.cluster.root().resolve("torn.db").toString(),
              null);
      assertThatThrownBy(() -> seed.data.copyBackend(copyRunning, SeedScenario.CONTEXT))
          .isInstanceOf(ApplicationFailure.class)
          .hasMessageContaining("the member still runs");

      seed.cluster.stop("learner");
      // What docker.runEtcd's --force-new-cluster refusal reads: the learner's db says "learner".
      assertThat(LearnerData.isLearner(seed.learnerDataDir(), "https://127.0.0.143:2380")).isTrue();
      assertThat(LearnerData.isLearner(seed.learnerDataDir(), "https://127.0.0.140:2380"))
          .isFalse();
      try (Client restored = seed.restoreOnto("127.0.0.144")) {
        assertThat(SeedScenario.keys(restored, "/registry/pods/"))
            .containsExactlyInAnyOrderElementsOf(seed.acknowledged);
        restored
            .getKVClient()
            .put(SeedScenario.bytes("/registry/after"), SeedScenario.bytes("yes"))
            .get(10, TimeUnit.SECONDS);
        assertThat(SeedScenario.keys(restored, "/registry/after"))
            .containsExactly("/registry/after");
        var members =
            restored.getClusterClient().listMember().get(10, TimeUnit.SECONDS).getMembers();
        assertThat(members).singleElement().satisfies(m -> assertThat(m.isLearner()).isFalse());
      }

      Path copy = seed.cluster.root().resolve("copies/learner.db");
      String copied = EtcdDataActivitiesImpl.sha256File(copy);
      var copyAgain =
          seed.data.copyBackend(
              new EtcdDataActivities.CopyRequest(
                  seed.learnerDataDir().toString(), copy.toString(), null),
              SeedScenario.CONTEXT);
      assertThat(copyAgain.sha256()).isEqualTo(copied);
      Path restoredDir = seed.cluster.root().resolve("restored");
      var again =
          seed.data.restoreSingleNode(
              new EtcdDataActivities.RestoreRequest(
                  copy.toString(),
                  restoredDir.toString(),
                  "restored",
                  "https://127.0.0.144:2380",
                  true,
                  null),
              SeedScenario.CONTEXT);
      assertThat(again.restored()).isFalse();
      assertThatThrownBy(
              () ->
                  seed.data.restoreSingleNode(
                      new EtcdDataActivities.RestoreRequest(
                          copy.toString(),
                          seed.learnerDataDir().toString(),
                          "other",
                          "https://127.0.0.145:2380",
                          true,
                          null),
                      SeedScenario.CONTEXT))
          .hasMessageContaining("never overwrites");
    }
  }
}
