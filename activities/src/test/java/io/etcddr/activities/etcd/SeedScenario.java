package io.etcddr.activities.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.options.GetOption;
import io.etcddr.activities.host.AgentPaths;
import io.etcddr.activities.inventory.ClusterInventory;
import io.etcddr.engine.StepContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The seed's second scenario, shared by the restore tests: three voters and a learner on real etcd,
 * writes acknowledged by the voters, then the way out through our activities: copy the learner's
 * backend, restore it as a new single-member cluster, start it, and check every key.
 */
final class SeedScenario implements AutoCloseable {

  static final StepContext CONTEXT =
      new StepContext("failover/lab", "run", "step", "node1", "failover/lab/step");

  final EtcdTestCluster cluster;
  final EtcdActivitiesImpl etcd;
  final EtcdDataActivitiesImpl data;
  final List<String> acknowledged = new ArrayList<>();
  private final String clientAddress;
  private final String learnerAddress;

  SeedScenario(String[] voters, String learnerAddress, String clientAddress, Path inventoryDir)
      throws Exception {
    this.learnerAddress = learnerAddress;
    this.clientAddress = clientAddress;
    cluster = EtcdTestCluster.startVoters(voters);
    EtcdTls client = cluster.issue(clientAddress);
    List<String> endpoints = new ArrayList<>(cluster.clientUrls());
    endpoints.add("https://" + learnerAddress + ":2379");
    Files.writeString(
        inventoryDir.resolve("lab.yaml"),
        """
        apiVersion: etcd-dr/v1
        kind: Cluster
        metadata: { name: lab }
        spec:
          etcd:
            endpoints: [%s]
            caCert: %s
            cert: %s
            key: %s
        """
            .formatted(String.join(", ", endpoints), client.caCert(), client.cert(), client.key()));
    etcd = new EtcdActivitiesImpl(new ClusterInventory(inventoryDir));
    data = new EtcdDataActivitiesImpl(AgentPaths.HOST, EtcdBinaries.find(), etcd);
    EtcdActivities.AddLearnerResult added = null;
    for (int i = 0; i < 30 && added == null; i++) {
      try {
        added =
            etcd.addLearner(
                new EtcdActivities.AddLearnerRequest(
                    "lab", "learner", "https://" + learnerAddress + ":2380"),
                CONTEXT);
      } catch (RuntimeException unhealthyYet) {
        Thread.sleep(1000);
      }
    }
    cluster.startLearner("learner", learnerAddress, added.initialCluster());
  }

  /** Writes keys through the voters; each one is recorded once etcd acknowledged it. */
  void write(String prefix, int count, int valueBytes) throws Exception {
    String value = "x".repeat(valueBytes);
    try (Client client =
        EtcdClients.connect(cluster.clientUrls().subList(0, 3), cluster.tls(clientAddress))) {
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
          etcd.status(new EtcdActivities.StatusRequest("lab", null, "2s"), CONTEXT);
      long leaderIndex =
          health.members().stream()
              .filter(EndpointStatus::answeringVoter)
              .mapToLong(EndpointStatus::raftAppliedIndex)
              .max()
              .orElse(0);
      EndpointStatus learner = health.members().get(3);
      if (learner.reachable() && learner.raftAppliedIndex() >= leaderIndex && leaderIndex > 0) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the learner never caught up");
  }

  void killVoters() throws InterruptedException {
    for (String voter : List.of("m1", "m2", "m3")) {
      cluster.kill(voter);
    }
  }

  Path learnerDataDir() {
    return cluster.member("learner").dataDir();
  }

  /** copyBackend + restoreSingleNode into a new dir, then a new one-member cluster on it. */
  Client restoreOnto(String address) throws Exception {
    Path copy = cluster.root().resolve("copies/learner.db");
    Path restored = cluster.root().resolve("restored");
    EtcdDataActivities.Copied copied =
        data.copyBackend(
            new EtcdDataActivities.CopyRequest(learnerDataDir().toString(), copy.toString(), null),
            CONTEXT);
    EtcdDataActivities.Restored done =
        data.restoreSingleNode(
            new EtcdDataActivities.RestoreRequest(
                copy.toString(),
                restored.toString(),
                "restored",
                "https://" + address + ":2380",
                true,
                null),
            CONTEXT);
    assertThat(copied.sha256()).hasSize(64);
    assertThat(done.restored()).isTrue();
    cluster.startRestored("restored", address, restored);
    return EtcdClients.connect(List.of("https://" + address + ":2379"), cluster.tls(clientAddress));
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

  @Override
  public void close() throws Exception {
    cluster.close();
  }
}
