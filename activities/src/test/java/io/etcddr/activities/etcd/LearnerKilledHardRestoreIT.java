package io.etcddr.activities.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import io.etcd.jetcd.Client;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The same way out when the learner was killed with SIGKILL right after a burst of writes: its db
 * may lag its WAL, and copyBackend first replays the WAL, so nothing the learner applied is lost.
 */
class LearnerKilledHardRestoreIT {

  @RegisterExtension
  static final EtcdClusterExtension ETCD =
      EtcdClusterExtension.builder().voters(3).learner().build();

  @Test
  void everyAppliedWriteSurvivesAHardKill() throws Exception {
    LearnerFailover failover = new LearnerFailover(ETCD);
    failover.write("burst", 500, 100);
    failover.awaitLearnerCaughtUp();
    ETCD.cluster().kill("learner");
    failover.killVoters();

    try (Client restored = failover.restoreOnto(ETCD.spare(0))) {
      assertThat(LearnerFailover.keys(restored, "/registry/burst/"))
          .containsExactlyInAnyOrderElementsOf(failover.acknowledged);
    }
  }
}
