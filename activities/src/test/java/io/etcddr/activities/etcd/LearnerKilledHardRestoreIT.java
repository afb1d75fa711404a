package io.etcddr.activities.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.etcd.jetcd.Client;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same way out when the learner was killed with SIGKILL right after a burst of writes: its db
 * may lag its WAL, and copyBackend first replays the WAL, so nothing the learner applied is lost.
 * Addresses 127.0.0.150–159.
 */
class LearnerKilledHardRestoreIT {

  @TempDir Path inventory;

  @Test
  void everyAppliedWriteSurvivesAHardKill() throws Exception {
    assumeTrue(
        EtcdTestCluster.etcdInstalled(),
        "SKIPPED LOUDLY: Debian's etcd-server is not installed; run bin/setup");
    try (SeedScenario seed =
        new SeedScenario(
            new String[] {"127.0.0.150", "127.0.0.151", "127.0.0.152"},
            "127.0.0.153",
            "127.0.0.159",
            inventory)) {
      seed.write("burst", 500, 100);
      seed.awaitLearnerCaughtUp();
      seed.cluster.kill("learner");
      seed.killVoters();

      try (Client restored = seed.restoreOnto("127.0.0.154")) {
        assertThat(SeedScenario.keys(restored, "/registry/burst/"))
            .containsExactlyInAnyOrderElementsOf(seed.acknowledged);
      }
    }
  }
}
