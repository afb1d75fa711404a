package io.etcddr.activities.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.etcddr.contract.etcd.EtcdActivities.HashRequest;
import io.etcddr.contract.etcd.EtcdActivities.Hashes;
import io.etcddr.contract.etcd.EtcdActivities.MemberHash;
import io.temporal.failure.ApplicationFailure;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * etcd.hashKV on two voters and a learner: each voter hashes its keys at one revision, the hashes
 * agree, and each is what `etcdctl endpoint hashkv` says of that voter at that revision; the
 * learner is named as not asked; a revision no voter has yet is refused with what to ask instead.
 */
class HashKvIT {

  @RegisterExtension
  static EtcdClusterExtension etcd = EtcdClusterExtension.builder().voters(2).learner().build();

  @Test
  void theVotersHashTheSameKeysAsEtcdctlSeesAndTheLearnerIsNamedAsNotAsked() throws Exception {
    new LearnerFailover(etcd).write("configmaps", 40, 100);

    Hashes answer =
        TransientRetries.call(
            () ->
                etcd.etcd()
                    .hashKV(
                        new HashRequest(EtcdClusterExtension.CLUSTER, null, null),
                        EtcdClusterExtension.CONTEXT));

    assertThat(answer.unanswered())
        .containsExactly(
            "https://"
                + etcd.learnerAddress()
                + ":2379: a learner (etcd serves HashKV on voters only)");
    assertThat(answer.hashes())
        .extracting(MemberHash::endpoint)
        .containsExactlyInAnyOrderElementsOf(etcd.voterUrls());
    assertThat(answer.consistent()).isTrue();
    assertThat(answer.differing()).isEmpty();
    assertThat(answer.revision()).isGreaterThanOrEqualTo(40);
    for (MemberHash member : answer.hashes()) {
      assertThat(member.hash())
          .as("%s at revision %d", member.endpoint(), answer.revision())
          .isEqualTo(etcdctlHash(member.endpoint(), answer.revision()));
    }
  }

  @Test
  void aRevisionNoMemberHasYetIsRefusedWithWhatToAskInstead() {
    assertThatThrownBy(
            () ->
                etcd.etcd()
                    .hashKV(
                        new HashRequest(EtcdClusterExtension.CLUSTER, null, 1_000_000L),
                        EtcdClusterExtension.CONTEXT))
        .isInstanceOf(ApplicationFailure.class)
        .hasMessageContaining("cannot hash at revision 1000000")
        .hasMessageContaining("future revision")
        .hasMessageContaining("or leave `revision` out")
        .hasMessageNotContaining("\n");
  }

  /** The hash `etcdctl endpoint hashkv` reports for one member at one revision. */
  private static long etcdctlHash(String endpoint, long revision) throws Exception {
    EtcdTls tls = etcd.clientTls();
    Process process =
        new ProcessBuilder(
                etcd.version().etcdctl().toString(),
                "--endpoints=" + endpoint,
                "--cacert=" + tls.caCert(),
                "--cert=" + tls.cert(),
                "--key=" + tls.key(),
                "endpoint",
                "hashkv",
                "--rev=" + revision,
                "-w",
                "json")
            .redirectErrorStream(true)
            .start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(out).isZero();
    JsonNode answers = new ObjectMapper().readTree(out);
    return answers.get(0).get("HashKV").get("hash").asLong();
  }
}
