package io.etcddr.activities.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.options.GetOption;
import io.etcddr.activities.etcddata.EtcdDataActivitiesImpl;
import io.etcddr.contract.etcddata.EtcdDataActivities;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;

/**
 * A backend of over 200 MiB is copied and restored by streaming: the heap's peak grows by far less
 * than the file (loading it would add its whole size).
 */
@OnEachEtcdVersion
class LargeBackendIT {

  private static EtcdClusterExtension ETCD;

  /** The version this invocation runs on (its cluster is started for it below). */
  @Parameter EtcdVersion version;

  @BeforeParameterizedClassInvocation
  static void start(EtcdVersion version) throws Exception {
    ETCD = EtcdClusterExtension.builder().voters(1).version(version).build().start();
  }

  @AfterParameterizedClassInvocation
  static void stop() throws Exception {
    ETCD.close();
  }

  private static final int KEYS = 2100;
  private static final int VALUE_BYTES = 100 * 1024;

  @Test
  void twoHundredMebibyteBackendIsCopiedAndRestoredWithAFlatHeap() throws Exception {
    EtcdTestCluster cluster = ETCD.cluster();
    String restoredAddress = ETCD.spare(0);
    {
      EtcdTls tls = ETCD.clientTls();
      String value = "v".repeat(VALUE_BYTES);
      try (Client client = EtcdClients.connect(cluster.clientUrls(), tls)) {
        for (int i = 0; i < KEYS; i++) {
          client
              .getKVClient()
              .put(LearnerFailover.bytes("/registry/big/" + i), LearnerFailover.bytes(value))
              .get(30, TimeUnit.SECONDS);
        }
      }
      cluster.stop("m1");
      Path db = cluster.member("m1").dataDir().resolve("member/snap/db");
      assertThat(Files.size(db)).isGreaterThan(200L << 20);
      EtcdDataActivitiesImpl data = ETCD.data();
      Path copy = cluster.root().resolve("copies/big.db");
      Path restored = cluster.root().resolve("restored");

      System.gc();
      long before = heapUsed();
      resetPeaks();
      data.copyBackend(
          new EtcdDataActivities.CopyRequest(
              cluster.member("m1").dataDir().toString(), copy.toString(), null, null),
          EtcdClusterExtension.CONTEXT);
      long copyPeak = heapPeak();
      data.restoreSingleNode(
          new EtcdDataActivities.RestoreRequest(
              copy.toString(),
              restored.toString(),
              "big",
              "https://" + restoredAddress + ":2380",
              null,
              true,
              null,
              null,
              null),
          EtcdClusterExtension.CONTEXT);

      assertThat(copyPeak - before)
          .as("heap growth while copying %d MiB", Files.size(copy) >> 20)
          .isLessThan(64L << 20);
      cluster.startRestored("big", restoredAddress, restored);
      try (Client client =
          EtcdClients.connect(List.of("https://" + restoredAddress + ":2379"), tls)) {
        long count =
            client
                .getKVClient()
                .get(
                    LearnerFailover.bytes("/registry/big/"),
                    GetOption.newBuilder().isPrefix(true).withCountOnly(true).build())
                .get(60, TimeUnit.SECONDS)
                .getCount();
        assertThat(count).isEqualTo(KEYS);
      }
    }
  }

  private static long heapUsed() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static void resetPeaks() {
    heapPools().forEach(MemoryPoolMXBean::resetPeakUsage);
  }

  /** The sum of the heap pools' peaks since the reset: an upper bound of what the copy held. */
  private static long heapPeak() {
    return heapPools().stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
  }

  private static List<MemoryPoolMXBean> heapPools() {
    return ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == MemoryType.HEAP)
        .toList();
  }
}
