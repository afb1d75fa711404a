package io.etcddr.activities.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.etcddr.contract.FailureType;
import io.etcddr.contract.etcd.EtcdActivities;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * `etcd.verify` on real etcd: a figure that time can still reach (a revision, a key count, a key
 * kube-apiserver has not written yet) fails as a retryable {@code NotYet}, so the step's attempts
 * are spent waiting for it, and the same request passes once the write lands; an answer from
 * another cluster fails for good.
 */
class VerifyRetriesWhatTimeFixesIT {

  @RegisterExtension
  static final EtcdClusterExtension ETCD = EtcdClusterExtension.builder().voters(1).build();

  private static final String LAB = EtcdClusterExtension.CLUSTER;

  @Test
  void aRevisionNotReachedYetIsRetryableAndPassesOnceWritten() throws Exception {
    LearnerFailover writes = new LearnerFailover(ETCD);
    writes.write("first", 1, 10);
    long now = verify(null, null).revision();
    EtcdActivities.VerifyRequest nextWrite =
        new EtcdActivities.VerifyRequest(LAB, ETCD.voterUrls(), null, now + 1, null, null);

    ApplicationFailure notYet =
        catchThrowableOfType(
            ApplicationFailure.class,
            () -> ETCD.etcd().verify(nextWrite, EtcdClusterExtension.CONTEXT));

    assertThat(notYet.getType()).isEqualTo(FailureType.NotYet.name());
    assertThat(notYet.isNonRetryable()).isFalse();
    assertThat(notYet).hasMessageContaining("revision " + now + " < " + (now + 1));

    writes.write("second", 1, 10);
    assertThat(ETCD.etcd().verify(nextWrite, EtcdClusterExtension.CONTEXT).revision())
        .isEqualTo(now + 1);
  }

  @Test
  void keysNotWrittenYetAreRetryable() {
    ApplicationFailure notYet =
        catchThrowableOfType(
            ApplicationFailure.class, () -> verify(List.of("/registry/not-yet"), 1_000_000L));

    assertThat(notYet.getType()).isEqualTo(FailureType.NotYet.name());
    assertThat(notYet.isNonRetryable()).isFalse();
    assertThat(notYet).hasMessageContaining("missing [/registry/not-yet]");
  }

  @Test
  void anAnswerFromAnotherClusterFailsForGood() {
    EtcdActivities.VerifyRequest any =
        new EtcdActivities.VerifyRequest(LAB, ETCD.voterUrls(), null, null, null, null);

    ApplicationFailure wrongCluster =
        catchThrowableOfType(
            ApplicationFailure.class,
            () -> KeyVerifier.verify(ETCD.voterUrls(), ETCD.clientTls(), "deadbeef", any));

    assertThat(wrongCluster.getType()).isEqualTo(FailureType.PreconditionFailed.name());
    assertThat(wrongCluster.isNonRetryable()).isTrue();
    assertThat(wrongCluster).hasMessageContaining("not the expected deadbeef");
  }

  private static EtcdActivities.Verified verify(List<String> sampleKeys, Long minKeys) {
    return ETCD.etcd()
        .verify(
            new EtcdActivities.VerifyRequest(
                LAB, ETCD.voterUrls(), null, null, minKeys, sampleKeys),
            EtcdClusterExtension.CONTEXT);
  }
}
