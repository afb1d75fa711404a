package io.etcddr.contract.cluster;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One long-lived workflow per cluster, id {@code cluster/NAME}: the durable record of the cluster's
 * identity (generations), of the fences against its lost sites, and of the alert incidents that
 * started runs. Runs and agents change it only through its updates, which are idempotent: a retried
 * activity never records anything twice. Fence orders are delivered from here to the node's own
 * task queue, so an agent that comes back gets its order the moment it polls.
 */
@WorkflowInterface
public interface ClusterWorkflow {

  String TYPE = "ClusterWorkflow";
  String QUERY_RECORD = "record";

  static String workflowId(String cluster) {
    return "cluster/" + cluster;
  }

  /**
   * @param carried the record carried over by continue-as-new, or an empty one
   */
  @WorkflowMethod(name = TYPE)
  void run(ClusterRecord carried);

  /**
   * Records the first generation when there is none; returns the current one. Refused (null, the
   * reason kept in the record) when a node's report contradicts it: a fence applied to a node, or a
   * node that served a later generation or another cluster ID.
   */
  @UpdateMethod(name = "adopt")
  Generation adopt(Generation.Proposal first);

  /** Keeps a node's report of its own notes, in place of its earlier one; returns it. */
  @UpdateMethod(name = "reportNode")
  NodeReport reportNode(NodeReport report);

  /**
   * Records the generation a run made (a failover, a restore); the same run or the same cluster ID
   * again returns the recorded one.
   */
  @UpdateMethod(name = "newGeneration")
  Generation newGeneration(Generation.Proposal next);

  /**
   * Records the current generation's members as they are now (a learner added by reprotect, a
   * member promoted), when the proposal names the current generation's cluster ID; returns the
   * current generation, changed or not.
   */
  @UpdateMethod(name = "amendMembers")
  Generation amendMembers(Generation.Proposal members);

  /**
   * Puts what the failover lost, as one node's old data shows it, on the current generation,
   * replacing an earlier report of the same node; returns the generation (null when none).
   */
  @UpdateMethod(name = "recordDivergence")
  Generation recordDivergence(Divergence report);

  /** Records fences done by a run and orders the rest; returns every order of that run. */
  @UpdateMethod(name = "fence")
  FenceOrders fence(FenceCommand command);

  /**
   * Withdraws the undelivered orders of a run that made no generation (its failover failed before
   * the new cluster existed: the old one must be allowed back). Orders of a run that made a
   * generation are kept.
   */
  @UpdateMethod(name = "withdrawFences")
  FenceOrders withdrawFences(String workflowId, String runId);

  /** Records an incident's run; a known incident returns the run it already has. */
  @UpdateMethod(name = "recordIncident")
  Incident recordIncident(Incident incident);

  /**
   * Keeps a sighting of the current generation's voters (the last 180); one of another cluster ID,
   * or not newer than the last, is ignored. Returns the last sighting kept.
   */
  @UpdateMethod(name = "sawVoters")
  VoterSighting sawVoters(VoterSighting sighting);

  /**
   * Keeps when a node's agent reached the witness (stamped with the record's own clock). Agents now
   * send {@link #noteAgentSeen}; this update stays for the histories that hold it.
   */
  @UpdateMethod(name = "agentSeen")
  AgentSeen agentSeen(AgentSeen seen);

  /**
   * Keeps when a node's agent reached the witness, as {@link #agentSeen} does, as a signal: taken
   * by the server at once, applied with the next workflow task. Every agent reports every few
   * seconds; as updates they queued behind each other (each a workflow task that replays the
   * history on the test server), and a fence report behind them waited minutes.
   */
  @SignalMethod(name = "noteAgentSeen")
  void noteAgentSeen(AgentSeen seen);

  /**
   * The record after every signal the server took before this update: what a query may not show yet
   * (a sighting of an agent still waiting for its workflow task). The lease of a failover reads it
   * this way.
   */
  @UpdateMethod(name = "read")
  ClusterRecord read();

  /** Keeps the last time a worker saw the learner's applied index move. */
  @UpdateMethod(name = "learnerHeard")
  LearnerHeard learnerHeard(LearnerHeard heard);

  /** Keeps an operator's release of a held node (the last {@code 50}). */
  @UpdateMethod(name = "recordRelease")
  Release recordRelease(Release release);

  /** Keeps the figures of the drill that just ran, in place of the earlier ones. */
  @UpdateMethod(name = "recordDrill")
  DrillFigures recordDrill(DrillFigures figures);

  @QueryMethod(name = QUERY_RECORD)
  ClusterRecord record();
}
