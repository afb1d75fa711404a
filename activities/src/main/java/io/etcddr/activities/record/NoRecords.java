package io.etcddr.activities.record;

import io.etcddr.contract.cluster.ClusterRecord;
import io.etcddr.contract.cluster.FenceCommand;
import io.etcddr.contract.cluster.FenceOrder;
import io.etcddr.contract.cluster.Generation;
import io.etcddr.contract.cluster.Incident;
import java.util.List;
import java.util.Optional;

/** Knows nothing, records nothing: a status without Temporal adopts no identity. */
final class NoRecords implements ClusterRecords {

  static final NoRecords INSTANCE = new NoRecords();

  private NoRecords() {}

  @Override
  public Optional<ClusterRecord> find(String cluster) {
    return Optional.empty();
  }

  @Override
  public Optional<Generation> adopt(String cluster, Generation.Proposal first) {
    return Optional.empty();
  }

  @Override
  public Generation newGeneration(String cluster, Generation.Proposal next) {
    throw new UnsupportedOperationException("no durable record without Temporal");
  }

  @Override
  public Generation amendMembers(String cluster, Generation.Proposal members) {
    throw new UnsupportedOperationException("no durable record without Temporal");
  }

  @Override
  public Generation recordDivergence(String cluster, io.etcddr.contract.cluster.Divergence report) {
    throw new UnsupportedOperationException("no durable record without Temporal");
  }

  @Override
  public List<FenceOrder> fence(String cluster, FenceCommand command) {
    throw new UnsupportedOperationException("no durable record without Temporal");
  }

  @Override
  public List<FenceOrder> withdrawFences(String cluster, String workflowId, String runId) {
    return List.of();
  }

  @Override
  public Incident recordIncident(String cluster, Incident incident) {
    throw new UnsupportedOperationException("no durable record without Temporal");
  }

  @Override
  public io.etcddr.contract.cluster.VoterSighting sawVoters(
      String cluster, io.etcddr.contract.cluster.VoterSighting seen) {
    return null; // nowhere to keep it: a status without Temporal dates nothing
  }

  @Override
  public io.etcddr.contract.cluster.NodeReport reportNode(
      String cluster, io.etcddr.contract.cluster.NodeReport report) {
    throw new UnsupportedOperationException("no durable record without Temporal");
  }

  @Override
  public void agentSeen(String cluster, io.etcddr.contract.cluster.AgentSeen seen) {
    throw new IllegalStateException("no record to keep the sighting in"); // not taken
  }

  @Override
  public io.etcddr.contract.cluster.LearnerHeard learnerHeard(
      String cluster, io.etcddr.contract.cluster.LearnerHeard heard) {
    return null; // nowhere to keep it
  }

  @Override
  public io.etcddr.contract.cluster.DrillFigures recordDrill(
      String cluster, io.etcddr.contract.cluster.DrillFigures figures) {
    throw new UnsupportedOperationException("no durable record without Temporal");
  }
}
