package io.etcddr.activities.cluster;

import io.etcddr.cluster.FenceOrder;
import io.etcddr.cluster.FenceReport;
import io.etcddr.engine.StepContext;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;
import java.util.Map;

/** Runbook steps that change a cluster's durable record (generations, fences). */
@ActivityInterface
public interface ClusterActivities {

  record FenceStepRequest(
      String cluster,
      Map<String, FenceReport> fenced,
      List<String> unreachable,
      List<String> containers,
      String dataDir) {}

  record Fenced(List<FenceOrder> orders, List<String> ordered, List<String> fenced) {}

  record NewGenerationRequest(String cluster, List<String> endpoints) {}

  record GenerationMade(
      int generation, String clusterId, List<String> members, List<String> clientUrls) {}

  record RecordMembersRequest(String cluster, List<String> add) {}

  record WithdrawRequest(String cluster) {}

  record Withdrawn(List<String> withdrawn, List<String> kept) {}

  /**
   * Records the nodes this run fenced and orders a fence for each unreachable node, delivered to
   * its agent the moment it polls again. Idempotent per run.
   */
  @ActivityMethod(name = "cluster.fence")
  Fenced fence(FenceStepRequest request, StepContext context);

  /**
   * Reads the cluster at {@code endpoints} (it must answer with quorum and one cluster ID) and
   * records it as the cluster's next generation, made by this run. Idempotent: the same run or
   * cluster ID again returns the recorded generation.
   */
  @ActivityMethod(name = "cluster.newGeneration")
  GenerationMade newGeneration(NewGenerationRequest request, StepContext context);

  /** Withdraws this run's undelivered fence orders when it made no generation; else keeps them. */
  /**
   * Records the current generation's members as they answer now, at its client URLs plus {@code
   * add} (a learner just added), so status, drills, doctor and service discovery see them. The
   * cluster must answer with the current generation's ID and quorum. Idempotent.
   */
  @ActivityMethod(name = "cluster.recordMembers")
  GenerationMade recordMembers(RecordMembersRequest request, StepContext context);

  @ActivityMethod(name = "cluster.withdrawFences")
  Withdrawn withdrawFences(WithdrawRequest request, StepContext context);
}
