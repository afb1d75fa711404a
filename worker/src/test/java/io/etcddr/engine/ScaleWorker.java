package io.etcddr.engine;

import io.etcddr.activities.inventory.ClusterInventory;
import io.etcddr.cluster.ClusterWorkflowImpl;
import io.etcddr.connect.TemporalConnection;
import io.etcddr.connect.TemporalOptions;
import io.etcddr.contract.TaskQueues;
import io.etcddr.process.LibraryEngineActivities;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The scale benchmark's worker, in a JVM of its own so that its heap is its own: the real
 * interpreter and engine activities on {@code etcd-dr}, stand-in activities on the worker's and on
 * every node's queue. Writes the heap in use after each collection's low point and its peak to a
 * file every 200 ms: "peakUsedMiB retainedMiB" (the old generation after its latest collection, the
 * most of it seen). Args: ADDRESS LIBRARY CLUSTERS NODES HEAP_FILE MODE PACED_STEP_MILLIS.
 */
public final class ScaleWorker {

  public static void main(String[] args) throws Exception {
    WorkflowClient client = TemporalConnection.open(TemporalOptions.plain(args[0])).client();
    WorkerFactory factory = WorkerFactory.newInstance(client);
    WorkerOptions options =
        args[5].equals("sticky")
            ? WorkerOptions.newBuilder().build()
            : WorkerOptions.newBuilder()
                .setStickyQueueScheduleToStartTimeout(Duration.ZERO)
                .build();
    Worker worker = factory.newWorker(TaskQueues.WORKER, options);
    worker.registerWorkflowImplementationTypes(
        RunbookWorkflowImpl.class, ClusterWorkflowImpl.class, FloorWorkflow.Impl.class);
    Duration pacedStep = Duration.ofMillis(Long.parseLong(args[6]));
    worker.registerActivitiesImplementations(
        new LibraryEngineActivities(Path.of(args[1]), new ClusterInventory(Path.of(args[2])), null),
        new StandInActivities(client.newActivityCompletionClient(), pacedStep));
    WorkerOptions agent = WorkerOptions.newBuilder().setMaxConcurrentActivityTaskPollers(1).build();
    for (int n = 1; n <= Integer.parseInt(args[3]); n++) {
      factory
          .newWorker(TaskQueues.node("n" + n), agent)
          .registerActivitiesImplementations(
              new StandInActivities(client.newActivityCompletionClient(), pacedStep));
    }
    factory.start();
    Path heap = Path.of(args[4]);
    long peak = 0;
    long retained = 0;
    while (true) {
      long used = 0;
      for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
        if (pool.getType() == MemoryType.HEAP) {
          used += pool.getUsage().getUsed();
          if (pool.getCollectionUsage() != null && pool.getName().contains("Tenured")) {
            retained = Math.max(retained, pool.getCollectionUsage().getUsed());
          }
        }
      }
      peak = Math.max(peak, used);
      Path next = heap.resolveSibling(heap.getFileName() + ".next");
      Files.writeString(next, (peak >> 20) + " " + (retained >> 20) + "\n");
      Files.move(next, heap, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      Thread.sleep(200);
    }
  }
}
