package io.etcddr.activities.record;

import io.etcddr.activities.support.DaemonThreads;
import io.etcddr.contract.TaskQueues;
import io.etcddr.contract.cluster.ClusterRecord;
import io.etcddr.contract.cluster.ClusterWorkflow;
import io.etcddr.contract.cluster.DrillFigures;
import io.etcddr.contract.cluster.FenceCommand;
import io.etcddr.contract.cluster.FenceOrder;
import io.etcddr.contract.cluster.Generation;
import io.etcddr.contract.cluster.Incident;
import io.etcddr.contract.cluster.VoterSighting;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The records as the clusters' entity workflows hold them. A record is created on its first change
 * (start with conflict policy USE_EXISTING, then the update), so any process may be first.
 */
public final class TemporalClusterRecords implements ClusterRecords {

  /**
   * How long one change may take. The SDK waits for an update's result without a bound, and an
   * update sent while the record continues as new could be left unanswered by the test server: a
   * node's agent waited on its fence report forever. Bounded, the caller's next round (or the
   * activity's retry) sends it again; every change is idempotent.
   */
  static final Duration CHANGE_WAIT = Duration.ofSeconds(30);

  private static final ExecutorService CHANGES =
      Executors.newCachedThreadPool(DaemonThreads.named("record-change"));

  private final WorkflowClient client;

  public TemporalClusterRecords(WorkflowClient client) {
    this.client = client;
  }

  @Override
  public Optional<ClusterRecord> find(String cluster) {
    return bounded(
        cluster,
        "answer",
        () -> {
          try {
            return Optional.of(existing(cluster).record());
          } catch (WorkflowNotFoundException none) {
            return Optional.<ClusterRecord>empty();
          }
        });
  }

  @Override
  public Optional<ClusterRecord> findLatest(String cluster) {
    return bounded(
        cluster,
        "answer",
        () -> {
          try {
            return Optional.of(existing(cluster).read());
          } catch (WorkflowNotFoundException none) {
            return Optional.<ClusterRecord>empty();
          }
        });
  }

  @Override
  public Optional<Generation> adopt(String cluster, Generation.Proposal first) {
    return Optional.ofNullable(change(cluster, w -> w.adopt(first)));
  }

  @Override
  public Generation newGeneration(String cluster, Generation.Proposal next) {
    return change(cluster, w -> w.newGeneration(next));
  }

  @Override
  public Generation amendMembers(String cluster, Generation.Proposal members) {
    return change(cluster, w -> w.amendMembers(members));
  }

  @Override
  public Generation recordDivergence(String cluster, io.etcddr.contract.cluster.Divergence report) {
    return change(cluster, w -> w.recordDivergence(report));
  }

  @Override
  public List<FenceOrder> fence(String cluster, FenceCommand command) {
    return change(cluster, w -> w.fence(command)).orders();
  }

  @Override
  public List<FenceOrder> withdrawFences(String cluster, String workflowId, String runId) {
    try {
      return existing(cluster).withdrawFences(workflowId, runId).orders();
    } catch (WorkflowNotFoundException none) {
      return List.of();
    }
  }

  @Override
  public Incident recordIncident(String cluster, Incident incident) {
    return change(cluster, w -> w.recordIncident(incident));
  }

  @Override
  public VoterSighting sawVoters(String cluster, VoterSighting seen) {
    return change(cluster, w -> w.sawVoters(seen));
  }

  @Override
  public io.etcddr.contract.cluster.NodeReport reportNode(
      String cluster, io.etcddr.contract.cluster.NodeReport report) {
    return change(cluster, w -> w.reportNode(report));
  }

  @Override
  public void agentSeen(String cluster, io.etcddr.contract.cluster.AgentSeen seen) {
    change(
        cluster,
        w -> {
          w.noteAgentSeen(seen);
          return seen;
        });
  }

  @Override
  public io.etcddr.contract.cluster.LearnerHeard learnerHeard(
      String cluster, io.etcddr.contract.cluster.LearnerHeard heard) {
    return change(cluster, w -> w.learnerHeard(heard));
  }

  @Override
  public io.etcddr.contract.cluster.Release recordRelease(
      String cluster, io.etcddr.contract.cluster.Release release) {
    return change(cluster, w -> w.recordRelease(release));
  }

  @Override
  public DrillFigures recordDrill(String cluster, DrillFigures figures) {
    return change(cluster, w -> w.recordDrill(figures));
  }

  private ClusterWorkflow existing(String cluster) {
    return client.newWorkflowStub(ClusterWorkflow.class, ClusterWorkflow.workflowId(cluster));
  }

  private <T> T change(String cluster, Function<ClusterWorkflow, T> update) {
    ClusterWorkflow started =
        client.newWorkflowStub(
            ClusterWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(ClusterWorkflow.workflowId(cluster))
                .setTaskQueue(TaskQueues.WORKER)
                .setWorkflowIdConflictPolicy(
                    WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
                .setStaticSummary("the durable record of cluster " + cluster)
                .build());
    try {
      WorkflowClient.start(started::run, ClusterRecord.empty(cluster));
    } catch (WorkflowExecutionAlreadyStarted running) {
      // the record exists: update it
    }
    return bounded(cluster, "take the change", () -> update.apply(existing(cluster)));
  }

  /**
   * A call to the record within {@link #CHANGE_WAIT}: a query or update waits on the worker's
   * workflow task, and a round that waited forever (an agent's notes did) never tries again.
   */
  private static <T> T bounded(String cluster, String what, java.util.concurrent.Callable<T> ask) {
    Future<T> call = CHANGES.submit(ask);
    try {
      return call.get(CHANGE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      call.cancel(true);
      throw new IllegalStateException(
          "the record of cluster "
              + cluster
              + " did not "
              + what
              + " within "
              + CHANGE_WAIT.toSeconds()
              + " s; it is sent again");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      call.cancel(true);
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while changing the record of " + cluster, e);
    }
  }
}
