package io.etcddr.process;

import io.etcddr.activities.ActivitySet;
import io.etcddr.activities.AgentEnvironment;
import io.etcddr.activities.inventory.ClusterInventory;
import io.etcddr.activities.record.ClusterRecords;
import io.etcddr.activities.record.TemporalClusterRecords;
import io.etcddr.activities.support.DaemonThreads;
import io.etcddr.cluster.ClusterWorkflowImpl;
import io.etcddr.connect.GrpcStatus;
import io.etcddr.connect.TemporalOutages;
import io.etcddr.contract.TaskQueues;
import io.etcddr.engine.InputsCheckWorkflowImpl;
import io.etcddr.engine.RunbookWorkflowImpl;
import io.etcddr.interceptors.ActivityLiveness;
import io.etcddr.interceptors.StepLogContext;
import io.etcddr.people.Users;
import io.grpc.Status;
import io.temporal.client.WorkflowClient;
import io.temporal.common.interceptors.WorkerInterceptor;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Temporal workers of one process: the etcd-dr worker (workflows and network activities on {@code
 * etcd-dr}) and/or agents (host activities on {@code etcd-dr@<node>}).
 */
public final class WorkerProcess implements AutoCloseable {

  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(WorkerProcess.class);
  private static final Duration RETRY_START = Duration.ofSeconds(2);

  private final WorkerFactory factory;

  private final TemporalOutages outages;

  private WorkerProcess(WorkerFactory factory, TemporalOutages outages) {
    this.factory = factory;
    this.outages = outages;
  }

  /**
   * @param worker whether this process is the etcd-dr worker (workflows, network activities)
   * @param nodes the nodes whose agent this process is, each on its own task queue
   * @param library the runbook library (the worker's), or null for agents only
   * @param clusters the cluster inventory folder
   * @param node what the agents may reach (the lab gives each node its own root and engine)
   */
  public static WorkerProcess start(
      WorkflowClient client,
      boolean worker,
      List<String> nodes,
      Path library,
      Path clusters,
      AgentEnvironment node) {
    return start(client, worker, nodes, library, clusters, node, null);
  }

  /**
   * @param users the people who may approve (the worker's --users), or null
   */
  public static WorkerProcess start(
      WorkflowClient client,
      boolean worker,
      List<String> nodes,
      Path library,
      Path clusters,
      AgentEnvironment node,
      Users users) {
    List<WorkerInterceptor> interceptors =
        new ArrayList<>(List.of(new StepLogContext(), new ActivityLiveness()));
    Failpoints.fromEnvironment().ifPresent(interceptors::add);
    WorkerFactory factory =
        WorkerFactory.newInstance(
            client,
            WorkerFactoryOptions.newBuilder()
                .setWorkerInterceptors(interceptors.toArray(WorkerInterceptor[]::new))
                .build());
    ClusterInventory inventory =
        new ClusterInventory(clusters == null ? Path.of("clusters") : clusters);
    ClusterRecords records = new TemporalClusterRecords(client);
    WorkerOptions options =
        forBusyNodes(StickyExecution.optionsFor(client.getWorkflowServiceStubs()));
    if (worker) {
      Worker w = factory.newWorker(TaskQueues.WORKER, options);
      w.registerWorkflowImplementationTypes(
          RunbookWorkflowImpl.class,
          ClusterWorkflowImpl.class,
          InputsCheckWorkflowImpl.class,
          io.etcddr.engine.DryRunWorkflowImpl.class);
      w.registerActivitiesImplementations(new LibraryEngineActivities(library, inventory, users));
      w.registerActivitiesImplementations(ActivitySet.forWorker(inventory, records).toArray());
    }
    for (String name : nodes) {
      Worker agent = factory.newWorker(TaskQueues.node(name), options);
      agent.registerActivitiesImplementations(
          ActivitySet.forAgent(name, node, inventory, records).toArray());
    }
    startWhenReachable(factory);
    return new WorkerProcess(
        factory, TemporalOutages.watch(client.getWorkflowServiceStubs(), Duration.ofSeconds(3)));
  }

  /**
   * Starts polling. The SDK asks the server for its capabilities first; when Temporal does not
   * answer (a node booted cut off), polling starts in the background the moment it does, so that
   * the process, and the node's guard in it, keep running meanwhile.
   */
  private static void startWhenReachable(WorkerFactory factory) {
    try {
      factory.start();
    } catch (RuntimeException e) {
      if (!GrpcStatus.is(e, Status.Code.UNAVAILABLE, Status.Code.DEADLINE_EXCEEDED)) {
        throw e;
      }
      LOG.warn("Temporal does not answer ({}); polling starts once it does", e.getMessage());
      DaemonThreads.named("etcd-dr-start-polling").newThread(() -> retryStart(factory)).start();
    }
  }

  private static void retryStart(WorkerFactory factory) {
    while (!factory.isShutdown()) {
      try {
        Thread.sleep(RETRY_START.toMillis());
        factory.start();
        LOG.info("Temporal answers again: polling");
        return;
      } catch (InterruptedException stopped) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException stillUnreachable) {
        // not yet: the next attempt follows
      }
    }
  }

  /** Lets running activities finish (up to 10 s), then stops polling. */
  @Override
  public void close() {
    outages.close();
    factory.shutdown();
    factory.awaitTermination(10, TimeUnit.SECONDS);
  }

  /**
   * A worker is started in an incident, on a node that is busy: its first workflow tasks load and
   * compile the engine, and under load a workflow thread went over the SDK's 1 s deadlock
   * detection, which fails the task (a second failure then waits out the 10 s task timeout). Our
   * workflow code never blocks; 5 s stays well under that timeout.
   */
  static WorkerOptions forBusyNodes(WorkerOptions options) {
    return WorkerOptions.newBuilder(options)
        .setDefaultDeadlockDetectionTimeout(Duration.ofSeconds(5).toMillis())
        .build();
  }
}
