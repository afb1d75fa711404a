package io.etcddr.activities.record;

import io.etcddr.contract.cluster.ClusterRecord;
import io.etcddr.contract.cluster.FenceCommand;
import io.etcddr.contract.cluster.FenceOrder;
import io.etcddr.contract.cluster.Generation;
import io.etcddr.contract.cluster.Incident;
import java.util.List;
import java.util.Optional;

/**
 * The durable record of each cluster ({@link io.etcddr.contract.cluster.ClusterWorkflow}) as
 * activities, the API and the CLI read and change it. Every change is idempotent.
 */
public interface ClusterRecords {

  /** The record, or empty when nothing was recorded for the cluster yet. */
  Optional<ClusterRecord> find(String cluster);

  /**
   * The record with every sighting the record took before this call, also those a plain {@link
   * #find} may not show yet: what a failover's lease must read, since a sighting it missed would
   * make a live site look fenced earlier than it is.
   */
  default Optional<ClusterRecord> findLatest(String cluster) {
    return find(cluster);
  }

  /**
   * Adopts a cluster found running as generation 1; empty when nothing was adopted: the record
   * refused it (a node reported an older generation or a fence), or there is no record to keep it.
   */
  Optional<Generation> adopt(String cluster, Generation.Proposal first);

  Generation newGeneration(String cluster, Generation.Proposal next);

  /** The current generation with these members, if it has their cluster ID; the current one. */
  Generation amendMembers(String cluster, Generation.Proposal members);

  /** Puts a node's report of what the failover lost on the current generation. */
  Generation recordDivergence(String cluster, io.etcddr.contract.cluster.Divergence report);

  List<FenceOrder> fence(String cluster, FenceCommand command);

  List<FenceOrder> withdrawFences(String cluster, String workflowId, String runId);

  Incident recordIncident(String cluster, Incident incident);

  /** Keeps a sighting of the current generation's voters; the last one kept (null: none). */
  io.etcddr.contract.cluster.VoterSighting sawVoters(
      String cluster, io.etcddr.contract.cluster.VoterSighting seen);

  /** Keeps a node's report of its own notes (the generation it served, a fence applied to it). */
  io.etcddr.contract.cluster.NodeReport reportNode(
      String cluster, io.etcddr.contract.cluster.NodeReport report);

  /**
   * Keeps when a node's agent reached the witness. Returns once the record has taken the sighting
   * (it stamps it when it applies it, no earlier); throws when it was not taken.
   */
  void agentSeen(String cluster, io.etcddr.contract.cluster.AgentSeen seen);

  /** Keeps the last time the learner's applied index was seen to move. */
  io.etcddr.contract.cluster.LearnerHeard learnerHeard(
      String cluster, io.etcddr.contract.cluster.LearnerHeard heard);

  /** Keeps an operator's release of a held node. */
  default io.etcddr.contract.cluster.Release recordRelease(
      String cluster, io.etcddr.contract.cluster.Release release) {
    throw new UnsupportedOperationException("no durable record to keep the release in");
  }

  /** Keeps the figures of the drill that just ran. */
  io.etcddr.contract.cluster.DrillFigures recordDrill(
      String cluster, io.etcddr.contract.cluster.DrillFigures figures);

  /**
   * No record at all, for callers without Temporal (the lab's own health checks): nothing is known
   * and nothing can be recorded.
   */
  static ClusterRecords none() {
    return NoRecords.INSTANCE;
  }

  /** These records, read as they are and never written: what a dry run looks through. */
  static ClusterRecords readOnly(ClusterRecords records) {
    return new ReadOnlyRecords(records);
  }
}
