package io.etcddr.activities.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import io.etcd.jetcd.Client;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;

/**
 * The same way out when the learner was killed with SIGKILL right after a burst of writes: its db
 * may lag its WAL, and copyBackend first replays the WAL, so nothing the learner applied is lost.
 */
@OnEachEtcdVersion
class LearnerKilledHardRestoreIT {

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

  @Test
  void everyAppliedWriteSurvivesAHardKill() throws Exception {
    LearnerFailover failover = new LearnerFailover(ETCD);
    failover.write("burst", 500, 100);
    failover.awaitLearnerCaughtUp();
    // A follower may apply an entry before the commit index that covers it reaches its WAL (etcd
    // applies and persists in parallel): killed in between, it keeps the entry but not the proof
    // it was committed, and no replay can apply it. One more write, which the learner also
    // applies, moves the persisted commit past the burst; only that barrier may be lost.
    List<String> burst = List.copyOf(failover.acknowledged);
    failover.write("barrier", 1, 10);
    failover.awaitLearnerCaughtUp();
    ETCD.cluster().kill("learner");
    failover.killVoters();

    try (Client restored = failover.restoreOnto(ETCD.spare(0))) {
      assertThat(LearnerFailover.keys(restored, "/registry/burst/"))
          .containsExactlyInAnyOrderElementsOf(burst);
    }
  }
}
