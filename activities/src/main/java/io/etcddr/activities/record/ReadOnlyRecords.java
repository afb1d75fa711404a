package io.etcddr.activities.record;

import io.etcddr.contract.cluster.AgentSeen;
import io.etcddr.contract.cluster.ClusterRecord;
import io.etcddr.contract.cluster.Divergence;
import io.etcddr.contract.cluster.DrillFigures;
import io.etcddr.contract.cluster.FenceCommand;
import io.etcddr.contract.cluster.FenceOrder;
import io.etcddr.contract.cluster.Generation;
import io.etcddr.contract.cluster.Incident;
import io.etcddr.contract.cluster.LearnerHeard;
import io.etcddr.contract.cluster.NodeReport;
import io.etcddr.contract.cluster.VoterSighting;
import java.util.List;
import java.util.Optional;

/**
 * The records as a dry run sees them: read as they are, never written. What a status would note on
 * the way (a sighting, the learner heard) is dropped; a change a preflight should never ask for
 * fails loudly.
 */
final class ReadOnlyRecords implements ClusterRecords {

  private final ClusterRecords records;

  ReadOnlyRecords(ClusterRecords records) {
    this.records = records;
  }

  @Override
  public Optional<ClusterRecord> find(String cluster) {
    return records.find(cluster);
  }

  @Override
  public Optional<Generation> adopt(String cluster, Generation.Proposal first) {
    return Optional.empty(); // as without a record: a dry run adopts no identity
  }

  @Override
  public VoterSighting sawVoters(String cluster, VoterSighting seen) {
    return null;
  }

  @Override
  public void agentSeen(String cluster, AgentSeen seen) {
    // read-only: kept nowhere
  }

  @Override
  public LearnerHeard learnerHeard(String cluster, LearnerHeard heard) {
    return null;
  }

  @Override
  public Generation newGeneration(String cluster, Generation.Proposal next) {
    throw refused();
  }

  @Override
  public Generation amendMembers(String cluster, Generation.Proposal members) {
    throw refused();
  }

  @Override
  public Generation recordDivergence(String cluster, Divergence report) {
    throw refused();
  }

  @Override
  public List<FenceOrder> fence(String cluster, FenceCommand command) {
    throw refused();
  }

  @Override
  public List<FenceOrder> withdrawFences(String cluster, String workflowId, String runId) {
    throw refused();
  }

  @Override
  public Incident recordIncident(String cluster, Incident incident) {
    throw refused();
  }

  @Override
  public NodeReport reportNode(String cluster, NodeReport report) {
    throw refused();
  }

  @Override
  public DrillFigures recordDrill(String cluster, DrillFigures figures) {
    throw refused();
  }

  private static UnsupportedOperationException refused() {
    return new UnsupportedOperationException("a dry run changes no record");
  }
}
