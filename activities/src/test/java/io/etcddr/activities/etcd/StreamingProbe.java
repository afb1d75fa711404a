package io.etcddr.activities.etcd;

import io.etcddr.activities.etcddata.EtcdBinaries;
import io.etcddr.activities.etcddata.EtcdDataActivitiesImpl;
import io.etcddr.activities.host.AgentPaths;
import io.etcddr.activities.inventory.ClusterInventory;
import io.etcddr.activities.record.ClusterRecords;
import io.etcddr.activities.store.SnapshotStores;
import io.etcddr.contract.StepContext;
import io.etcddr.contract.etcddata.EtcdDataActivities;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One streaming activity in a JVM of its own, sized as an agent's heap is capped in the benchmark
 * (-Xmx128m): {@code copy DATA_DIR TARGET [ETCD]} (etcd.copyBackend; with ETCD the WAL is replayed
 * first, as on a node) or {@code snapshot INVENTORY CLUSTER TARGET} (etcd.snapshot, after one
 * snapshot that is not measured). Prints "millis=N heapPeakMiB=N oldPeakMiB=N".
 */
public final class StreamingProbe {

  private static final StepContext CONTEXT =
      new StepContext("bench/streaming", "run-1", "step", "node", "bench/streaming/step");

  public static void main(String[] args) throws Exception {
    if (args[0].equals("snapshot")) {
      // An agent is a long-running process: its first snapshot also sets up the etcd client (TLS,
      // gRPC, Netty), which the measured one does not pay again.
      run(new String[] {args[0], args[1], args[2], args[3] + ".first"});
      Files.delete(Path.of(args[3] + ".first"));
      Files.delete(Path.of(args[3] + ".first.sha256"));
    }
    long start = System.nanoTime();
    run(args);
    long millis = (System.nanoTime() - start) / 1_000_000;
    long heapPeak = 0;
    long oldPeak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        heapPeak += pool.getPeakUsage().getUsed();
        if (pool.getName().contains("Tenured") || pool.getName().contains("Old")) {
          oldPeak += pool.getPeakUsage().getUsed();
        }
      }
    }
    System.out.printf(
        "millis=%d heapPeakMiB=%d oldPeakMiB=%d%n", millis, heapPeak >> 20, oldPeak >> 20);
  }

  private static void run(String[] args) {
    switch (args[0]) {
      case "copy" -> {
        EtcdBinaries tools =
            new EtcdBinaries(args.length > 3 ? Path.of(args[3]) : null, null, false);
        EtcdClusters none =
            new EtcdClusters(
                new ClusterInventory(Path.of(args[2]).getParent()), ClusterRecords.none());
        new EtcdDataActivitiesImpl(
                AgentPaths.HOST, tools, none, null, new SnapshotStores(AgentPaths.HOST, null, null))
            .copyBackend(new EtcdDataActivities.CopyRequest(args[1], args[2], null, null), CONTEXT);
      }
      case "snapshot" -> {
        EtcdClusters clusters =
            new EtcdClusters(new ClusterInventory(Path.of(args[1])), ClusterRecords.none());
        new EtcdDataActivitiesImpl(
                AgentPaths.HOST,
                new EtcdBinaries(null, null, false),
                clusters,
                null,
                new SnapshotStores(AgentPaths.HOST, null, null))
            .snapshot(
                new EtcdDataActivities.SnapshotRequest(
                    args[2], args[3], null, null, null, null, null, null),
                CONTEXT);
      }
      default -> throw new IllegalArgumentException("copy or snapshot, not " + args[0]);
    }
  }
}
