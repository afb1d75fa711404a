package io.etcddr.activities.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.etcd.jetcd.Client;
import io.etcddr.activities.etcddata.DurableFiles;
import io.etcddr.activities.etcddata.EtcdBinaries;
import io.etcddr.activities.etcddata.EtcdDataActivitiesImpl;
import io.etcddr.activities.host.AgentPaths;
import io.etcddr.activities.inventory.ClusterInventory;
import io.etcddr.activities.record.ClusterRecords;
import io.etcddr.activities.store.SnapshotKeys;
import io.etcddr.activities.store.SnapshotStores;
import io.etcddr.activities.store.StoreActivitiesImpl;
import io.etcddr.contract.etcddata.EtcdDataActivities;
import io.etcddr.contract.store.StoreActivities;
import io.etcddr.testing.S3ProxyServer;
import io.temporal.failure.ApplicationFailure;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Snapshots that leave the cluster, against a real S3 API server (s3proxy, its own process, AWS v4
 * signatures) and real etcd: encrypted on the node as they stream, stored with their sha256,
 * revision, cluster and key id as metadata, retained, fetched and checked; a tampered object is
 * refused; a 200 MiB snapshot goes up with a flat heap.
 */
class SnapshotStoreIT {

  @RegisterExtension
  static final EtcdClusterExtension ETCD = EtcdClusterExtension.builder().voters(1).build();

  @TempDir static Path dir;
  private static S3ProxyServer s3;
  private static EtcdDataActivitiesImpl data;
  private static StoreActivitiesImpl store;
  private static String keyId;

  private static final String STORE = "s3://snapshots/lab/";
  private static final String LAB = EtcdClusterExtension.CLUSTER;

  @BeforeAll
  static void start() throws Exception {
    s3 = S3ProxyServer.start(ETCD.spare(0), dir);
    s3.createBucket("snapshots");
    Path keyset = dir.resolve("keys/snapshot-keyset.json");
    keyId = SnapshotKeys.create(keyset);
    SnapshotStores stores = new SnapshotStores(AgentPaths.HOST, keyset, s3.credentialsFile(dir));
    data =
        new EtcdDataActivitiesImpl(
            AgentPaths.HOST,
            EtcdBinaries.of(ETCD.version()),
            new EtcdClusters(new ClusterInventory(ETCD.inventory()), ClusterRecords.none()),
            null,
            stores);
    store = new StoreActivitiesImpl(AgentPaths.HOST, stores, Clock.systemUTC());
  }

  @AfterAll
  static void stop() throws Exception {
    if (s3 != null) {
      s3.close();
    }
  }

  @Test
  void encryptedSnapshotsAreStoredRetainedCheckedAndAFlatHeapCarriesTwoHundredMebibytes()
      throws Exception {
    LearnerFailover writes = new LearnerFailover(ETCD);
    writes.write("configmaps", 100, 100);
    for (String name : List.of("a", "b", "c")) {
      EtcdDataActivities.Snapshot taken = snapshot(name, 2);
      assertThat(taken.encrypted()).isTrue();
      assertThat(taken.keyId()).isEqualTo(keyId);
      assertThat(taken.path()).isEqualTo("s3://snapshots/lab/" + name);
      assertThat(dir.resolve("stage-" + name)).as("the encrypted stage is gone").doesNotExist();
    }
    StoreActivities.Found newest = find(null);
    assertThat(newest.name()).isEqualTo("c");
    assertThat(newest.revision()).isGreaterThanOrEqualTo(100);
    assertThat(newest.keyId()).isEqualTo(keyId);
    assertThatThrownBy(() -> find("a")).hasMessageContaining("no snapshot `a`");
    assertThat(
            new String(
                Files.readAllBytes(s3.objectFile("snapshots", "lab/b")),
                StandardCharsets.ISO_8859_1))
        .as("the stored bytes are ciphertext")
        .doesNotContain("/registry/configmaps/");

    StoreActivities.Fetched fetched = fetch("b", dir.resolve("fetched/b.db"));
    assertThat(fetched.sha256()).isEqualTo(find("b").sha256());
    assertThat(DurableFiles.sha256File(dir.resolve("fetched/b.db"))).isEqualTo(fetched.sha256());

    flipAByte(s3.objectFile("snapshots", "lab/c"));
    Path tampered = dir.resolve("fetched/c.db");
    assertThatThrownBy(() -> fetch("c", tampered))
        .isInstanceOfSatisfying(
            ApplicationFailure.class, f -> assertThat(f.isNonRetryable()).isTrue())
        .hasMessageContaining("failed authentication");
    assertThat(tampered).doesNotExist();
    try (var left = Files.list(tampered.getParent())) {
      assertThat(left.map(p -> p.getFileName().toString())).containsOnly("b.db", "b.db.sha256");
    }

    writeTwoHundredMebibytes();
    System.gc();
    long before = retained();
    oldPools().forEach(MemoryPoolMXBean::resetPeakUsage);
    EtcdDataActivities.Snapshot big = snapshot("big", 5);
    long peak = oldPools().stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    assertThat(big.bytes()).isGreaterThan(200L << 20);
    // The old generation holds what lives on (a snapshot buffered whole would land there); the
    // young generation's peak is the streams' garbage and says nothing.
    assertThat(peak - before)
        .as("old-generation growth while %d MiB went up", big.bytes() >> 20)
        .isLessThan(64L << 20);
    assertThat(fetch("big", dir.resolve("fetched/big.db")).sha256()).isEqualTo(big.sha256());
  }

  private static EtcdDataActivities.Snapshot snapshot(String name, int retain) {
    return data.snapshot(
        new EtcdDataActivities.SnapshotRequest(
            LAB,
            dir.resolve("stage-" + name).toString(),
            null,
            retain,
            STORE,
            s3.endpoint(),
            null,
            name),
        EtcdClusterExtension.CONTEXT);
  }

  private static StoreActivities.Found find(String name) {
    return store.find(
        new StoreActivities.FindRequest(STORE, s3.endpoint(), null, LAB, name, null),
        EtcdClusterExtension.CONTEXT);
  }

  private static StoreActivities.Fetched fetch(String name, Path path) {
    return store.fetch(
        new StoreActivities.FetchRequest(STORE, s3.endpoint(), null, name, path.toString()),
        EtcdClusterExtension.CONTEXT);
  }

  private static void flipAByte(Path file) throws Exception {
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 0x01;
    Files.write(file, bytes);
  }

  private static void writeTwoHundredMebibytes() throws Exception {
    String value = "v".repeat(100 * 1024);
    try (Client client = EtcdClients.connect(ETCD.voterUrls(), ETCD.clientTls())) {
      for (int i = 0; i < 2100; i++) {
        client
            .getKVClient()
            .put(LearnerFailover.bytes("/registry/big/" + i), LearnerFailover.bytes(value))
            .get(30, TimeUnit.SECONDS);
      }
    }
  }

  private static long retained() {
    return oldPools().stream().mapToLong(p -> p.getUsage().getUsed()).sum();
  }

  private static List<MemoryPoolMXBean> oldPools() {
    return ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == MemoryType.HEAP)
        .filter(p -> p.getName().contains("Old") || p.getName().contains("Tenured"))
        .toList();
  }
}
