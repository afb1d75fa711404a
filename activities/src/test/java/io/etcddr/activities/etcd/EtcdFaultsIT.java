package io.etcddr.activities.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcddr.contract.etcd.ClusterHealth;
import io.etcddr.contract.etcd.EndpointStatus;
import io.etcddr.contract.etcd.EtcdActivities;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * etcd misbehaving under the activities, on five real voters (so two may die): a member frozen by
 * SIGSTOP does not hold up `etcd.status`; the leader SIGKILLed as `member add --learner` starts,
 * and again while `etcd.waitCaughtUp` waits, costs at most a retry — as Temporal would make it —
 * and the learner is added exactly once.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EtcdFaultsIT {

  @RegisterExtension
  static EtcdClusterExtension etcd = EtcdClusterExtension.builder().voters(5).learner().build();

  private static final String CLUSTER = EtcdClusterExtension.CLUSTER;

  @Test
  @Order(1)
  void aFrozenMemberDoesNotHoldUpStatus() throws Exception {
    String frozen = aFollower();
    long pid = etcd.cluster().pid(frozen);
    signal("STOP", pid);
    try {
      ClusterHealth health =
          assertTimeoutPreemptively(
              Duration.ofSeconds(20),
              () ->
                  etcd.etcd()
                      .status(
                          new EtcdActivities.StatusRequest(CLUSTER, null, "2s"),
                          EtcdClusterExtension.CONTEXT));
      assertThat(health.quorum()).isTrue();
      assertThat(health.unreachable()).containsExactly(etcd.cluster().member(frozen).clientUrl());
      assertThat(health.reachable())
          .as("the four other voters and the learner")
          .hasSize(5)
          .doesNotContain(etcd.cluster().member(frozen).clientUrl());
    } finally {
      signal("CONT", pid);
    }
  }

  @Test
  @Order(2)
  void theLeaderKilledAsALearnerIsAddedCostsARetryNotASecondMember() throws Exception {
    // etcd allows one learner: the class's learner goes, to be added again under the fault
    etcd.cluster().stop("learner");
    etcd.etcd()
        .removeMember(
            new EtcdActivities.MemberRef(CLUSTER, "learner"), EtcdClusterExtension.CONTEXT);
    io.etcddr.activities.host.HostTools.deleteTree(etcd.cluster().member("learner").dataDir());
    String peer = "https://" + etcd.learnerAddress() + ":2380";
    EtcdActivities.AddLearnerRequest request =
        new EtcdActivities.AddLearnerRequest(CLUSTER, "learner", peer);
    String leader = leader();
    CompletableFuture<EtcdActivities.AddLearnerResult> adding =
        CompletableFuture.supplyAsync(
            () ->
                TransientRetries.call(
                    () -> etcd.etcd().addLearner(request, EtcdClusterExtension.CONTEXT)));
    etcd.cluster().kill(leader);
    Thread.sleep(3_000); // the restart policy's delay
    etcd.cluster().restart(leader);
    EtcdActivities.AddLearnerResult added = adding.get(2, TimeUnit.MINUTES);
    EtcdActivities.AddLearnerResult again =
        TransientRetries.call(() -> etcd.etcd().addLearner(request, EtcdClusterExtension.CONTEXT));

    assertThat(again.added()).isFalse();
    assertThat(again.memberId()).isEqualTo(added.memberId());
    try (Client client = EtcdClients.connect(etcd.cluster().clientUrls(), etcd.clientTls())) {
      assertThat(client.getClusterClient().listMember().get(10, TimeUnit.SECONDS).getMembers())
          .filteredOn(m -> m.getPeerURIs().contains(java.net.URI.create(peer)))
          .singleElement()
          .satisfies(m -> assertThat(m.isLearner()).isTrue());
    }
    etcd.cluster().startLearner("learner", etcd.learnerAddress(), added.initialCluster());
  }

  @Test
  @Order(3)
  void theLeaderKilledWhileTheLearnerCatchesUpCostsARetry() throws Exception {
    try (Client client = EtcdClients.connect(etcd.voterUrls(), etcd.clientTls())) {
      for (int i = 0; i < 200; i++) {
        client
            .getKVClient()
            .put(bytes("/registry/faults/" + i), bytes("v"))
            .get(10, TimeUnit.SECONDS);
      }
    }
    String leader = leader();
    CompletableFuture<EtcdActivities.CaughtUp> waiting =
        CompletableFuture.supplyAsync(
            () ->
                TransientRetries.call(
                    () ->
                        etcd.etcd()
                            .waitCaughtUp(
                                new EtcdActivities.MemberRequest(CLUSTER, "learner", 10),
                                EtcdClusterExtension.CONTEXT)));
    etcd.cluster().kill(leader);
    EtcdActivities.CaughtUp caughtUp = waiting.get(2, TimeUnit.MINUTES);
    assertThat(caughtUp.lag()).isLessThanOrEqualTo(10);
    assertThat(
            etcd.etcd()
                .status(
                    new EtcdActivities.StatusRequest(CLUSTER, null, "2s"),
                    EtcdClusterExtension.CONTEXT)
                .quorum())
        .as("three of five voters left")
        .isTrue();
  }

  private static String aFollower() {
    String leader = leader();
    return java.util.stream.Stream.of("m1", "m2", "m3", "m4", "m5")
        .filter(m -> !m.equals(leader))
        .findFirst()
        .orElseThrow();
  }

  private static String leader() {
    ClusterHealth health =
        etcd.etcd()
            .status(
                new EtcdActivities.StatusRequest(CLUSTER, null, "2s"),
                EtcdClusterExtension.CONTEXT);
    return health.members().stream()
        .filter(m -> m.id() != null && m.id().equals(health.leader()))
        .map(EndpointStatus::name)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no leader in " + health));
  }

  private static void signal(String signal, long pid) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
    assertThat(kill.waitFor()).isZero();
  }

  private static ByteSequence bytes(String text) {
    return ByteSequence.from(text, StandardCharsets.UTF_8);
  }
}
