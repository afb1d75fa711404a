package io.etcddr.activities.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.options.GetOption;
import io.etcddr.contract.etcd.ClusterHealth;
import io.etcddr.contract.etcd.EndpointStatus;
import io.etcddr.contract.etcd.EtcdActivities;
import io.etcddr.contract.etcddata.EtcdDataActivities;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The way out of a lost voter site on real etcd, shared by the restore tests: writes acknowledged
 * by the voters, then our activities copy the learner's backend, restore it as a new single-member
 * cluster, start it, and every key is checked.
 */
final class LearnerFailover {

  final EtcdClusterExtension etcd;
  final List<String> acknowledged = new ArrayList<>();

  /** What the last {@link #restoreOnto} restore said. */
  EtcdDataActivities.Restored restored;

  LearnerFailover(EtcdClusterExtension etcd) {
    this.etcd = etcd;
  }

  /** Writes keys through the voters; each one is recorded once etcd acknowledged it. */
  void write(String prefix, int count, int valueBytes) throws Exception {
    String value = "x".repeat(valueBytes);
    try (Client client = EtcdClients.connect(etcd.voterUrls(), etcd.clientTls())) {
      for (int i = 0; i < count; i++) {
        String key = "/registry/" + prefix + "/" + i;
        client.getKVClient().put(bytes(key), bytes(value)).get(10, TimeUnit.SECONDS);
        acknowledged.add(key);
      }
    }
  }

  /** Waits until the learner has applied everything the leader committed. */
  void awaitLearnerCaughtUp() throws Exception {
    for (int i = 0; i < 100; i++) {
      ClusterHealth health =
          etcd.etcd()
              .status(
                  new EtcdActivities.StatusRequest(EtcdClusterExtension.CLUSTER, null, "2s"),
                  EtcdClusterExtension.CONTEXT);
      long leaderIndex =
          health.members().stream()
              .filter(EndpointStatus::answeringVoter)
              .mapToLong(EndpointStatus::raftAppliedIndex)
              .max()
              .orElse(0);
      EndpointStatus learner = health.members().get(health.members().size() - 1);
      if (learner.reachable() && learner.raftAppliedIndex() >= leaderIndex && leaderIndex > 0) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the learner never caught up");
  }

  void killVoters() throws InterruptedException {
    for (String voter : List.of("m1", "m2", "m3")) {
      etcd.cluster().kill(voter);
    }
  }

  Path learnerDataDir() {
    return etcd.cluster().member("learner").dataDir();
  }

  /** copyBackend + restoreSingleNode into a new dir, then a new one-member cluster on it. */
  Client restoreOnto(String address) throws Exception {
    Path copy = etcd.cluster().root().resolve("copies/learner.db");
    Path dir = etcd.cluster().root().resolve("restored");
    EtcdDataActivities.Copied copied =
        etcd.data()
            .copyBackend(
                new EtcdDataActivities.CopyRequest(
                    learnerDataDir().toString(), copy.toString(), null, null),
                EtcdClusterExtension.CONTEXT);
    EtcdDataActivities.Restored done =
        etcd.data()
            .restoreSingleNode(
                new EtcdDataActivities.RestoreRequest(
                    copy.toString(),
                    dir.toString(),
                    "restored",
                    "https://" + address + ":2380",
                    null,
                    true,
                    null,
                    null,
                    null),
                EtcdClusterExtension.CONTEXT);
    assertThat(copied.sha256()).hasSize(64);
    assertThat(done.restored()).isTrue();
    restored = done;
    etcd.cluster().startRestored("restored", address, dir);
    return EtcdClients.connect(List.of("https://" + address + ":2379"), etcd.clientTls());
  }

  static List<String> keys(Client client, String prefix) throws Exception {
    return client
        .getKVClient()
        .get(bytes(prefix), GetOption.newBuilder().isPrefix(true).withKeysOnly(true).build())
        .get(30, TimeUnit.SECONDS)
        .getKvs()
        .stream()
        .map(kv -> kv.getKey().toString(StandardCharsets.UTF_8))
        .toList();
  }

  static ByteSequence bytes(String text) {
    return ByteSequence.from(text, StandardCharsets.UTF_8);
  }
}
