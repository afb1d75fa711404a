package io.etcddr.cluster;

import io.etcddr.contract.cluster.AgentSeen;
import io.etcddr.contract.cluster.ClusterRecord;
import io.etcddr.contract.cluster.ClusterWorkflow;
import io.etcddr.contract.cluster.Divergence;
import io.etcddr.contract.cluster.DrillFigures;
import io.etcddr.contract.cluster.FenceCommand;
import io.etcddr.contract.cluster.FenceOrder;
import io.etcddr.contract.cluster.FenceOrders;
import io.etcddr.contract.cluster.FenceReport;
import io.etcddr.contract.cluster.Generation;
import io.etcddr.contract.cluster.Incident;
import io.etcddr.contract.cluster.LearnerHeard;
import io.etcddr.contract.cluster.NodeReport;
import io.etcddr.contract.cluster.Release;
import io.etcddr.contract.cluster.VoterSighting;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The cluster's record as workflow state. Deterministic: time from {@link Workflow}, iteration in
 * insertion order. Continues as new when its history grows long, carrying the record over and
 * delivering the orders still waiting again (`fence.node` is idempotent).
 */
public class ClusterWorkflowImpl implements ClusterWorkflow {

  /**
   * Where the record continues as new. Every update (agents' heartbeats, sightings, fence reports)
   * is a workflow task, and without a sticky cache — the Java test server gives none — each task
   * replays the whole history: at 4,000 events under load, changes took over 30 s.
   */
  static final int HISTORY_LIMIT = 1_000;

  static final int INCIDENTS_KEPT = 500;

  /** At one sighting every 5 s, the last quarter of an hour: enough to date a learner's lag. */
  static final int SIGHTINGS_KEPT = 180;

  private String cluster;
  private final List<Generation> generations = new ArrayList<>();
  private final Map<String, FenceOrder> fences = new LinkedHashMap<>();
  private final Map<String, Incident> incidents = new LinkedHashMap<>();
  private final FenceDeliveries deliveries;
  private final List<VoterSighting> sightings = new ArrayList<>();
  private DrillFigures lastDrill;
  private final Map<String, NodeReport> nodeReports = new LinkedHashMap<>();
  private String adoptionRefused;
  private final Map<String, AgentSeen> agentsSeen = new LinkedHashMap<>();
  private LearnerHeard learnerHeard;
  private final List<Release> releases = new ArrayList<>();

  /** Set as {@link #run} begins: by then the signals that came with the start are applied. */
  private boolean running;

  /** Before any handler: a change moved here at continue-as-new runs before {@link #run} does. */
  @WorkflowInit
  public ClusterWorkflowImpl(ClusterRecord carried) {
    cluster = carried.cluster();
    generations.addAll(carried.generations());
    carried.fences().forEach(f -> fences.put(f.node(), f));
    deliveries = new FenceDeliveries(cluster, fences);
    carried.incidents().forEach(i -> incidents.put(i.key(), i));
    sightings.addAll(carried.sightings());
    lastDrill = carried.lastDrill();
    carried.nodeReports().forEach(r -> nodeReports.put(r.node(), r));
    adoptionRefused = carried.adoptionRefused();
    carried.agentsSeen().forEach(a -> agentsSeen.put(a.node(), a));
    learnerHeard = carried.learnerHeard();
    releases.addAll(carried.releases());
  }

  @Override
  public void run(ClusterRecord carried) {
    running = true;
    fences.values().stream()
        .filter(f -> f.state() == FenceOrder.State.ORDERED)
        .toList()
        .forEach(deliveries::deliver);
    Workflow.await(
        () ->
            Workflow.getInfo().getHistoryLength() > HISTORY_LIMIT
                && Workflow.isEveryHandlerFinished());
    deliveries.beforeContinueAsNew();
    Workflow.continueAsNew(record());
  }

  @Override
  public Generation adopt(Generation.Proposal first) {
    if (generations.isEmpty()) {
      List<String> contradictions = new ArrayList<>();
      nodeReports
          .values()
          .forEach(r -> r.contradicts(first.clusterId()).ifPresent(contradictions::add));
      if (!contradictions.isEmpty()) {
        adoptionRefused =
            "cluster ID "
                + first.clusterId()
                + " was not adopted as generation 1: "
                + String.join("; ", contradictions);
        return null;
      }
      generations.add(generation(1, first));
      adoptionRefused = null;
    }
    return generations.get(generations.size() - 1);
  }

  @Override
  public NodeReport reportNode(NodeReport report) {
    nodeReports.put(report.node(), report);
    return report;
  }

  @Override
  public Generation newGeneration(Generation.Proposal next) {
    Optional<Generation> same =
        generations.stream()
            .filter(
                g ->
                    g.clusterId().equals(next.clusterId())
                        || (next.runId() != null && next.runId().equals(g.runId())))
            .reduce((first, second) -> second);
    if (same.isPresent()) {
      return same.get();
    }
    Generation made = generation(generations.size() + 1, next);
    generations.add(made);
    sightings.clear(); // they were of the old generation's voters
    return made;
  }

  @Override
  public Generation amendMembers(Generation.Proposal members) {
    if (generations.isEmpty()) {
      return null;
    }
    Generation current = generations.get(generations.size() - 1);
    if (!current.clusterId().equals(members.clusterId())) {
      return current; // the caller sees another cluster ID and says so
    }
    Generation amended = current.withMembers(members.members(), members.clientUrls());
    generations.set(generations.size() - 1, amended);
    return amended;
  }

  @Override
  public Generation recordDivergence(Divergence report) {
    if (generations.isEmpty()) {
      return null;
    }
    Generation reported = generations.get(generations.size() - 1).withDivergence(report);
    generations.set(generations.size() - 1, reported);
    return reported;
  }

  @Override
  public FenceOrders fence(FenceCommand command) {
    long now = Workflow.currentTimeMillis();
    String orderId = FenceOrder.idFor(command.runId());
    for (FenceReport done : command.fenced()) {
      FenceOrder existing = fences.get(done.node());
      if (existing != null
          && existing.state() == FenceOrder.State.FENCED
          && ofRun(existing, command)) {
        continue;
      }
      deliveries.nodeReportedFenced(done.node());
      fences.put(
          done.node(),
          new FenceOrder(
              done.node(),
              orderId,
              FenceOrder.State.FENCED,
              command.containers(),
              command.dataDir(),
              command.workflowId(),
              command.runId(),
              now,
              done.fencedAt(),
              done));
    }
    for (String node : command.unreachable()) {
      FenceOrder existing = fences.get(node);
      if (existing != null && ofRun(existing, command)) {
        continue;
      }
      FenceOrder order =
          new FenceOrder(
              node,
              orderId,
              FenceOrder.State.ORDERED,
              command.containers(),
              command.dataDir(),
              command.workflowId(),
              command.runId(),
              now,
              null,
              null);
      fences.put(node, order);
      deliveries.deliver(order);
    }
    return new FenceOrders(fences.values().stream().filter(f -> ofRun(f, command)).toList());
  }

  @Override
  public FenceOrders withdrawFences(String workflowId, String runId) {
    boolean madeGeneration = generations.stream().anyMatch(g -> runId.equals(g.runId()));
    List<FenceOrder> touched = new ArrayList<>();
    for (FenceOrder order : List.copyOf(fences.values())) {
      if (!runId.equals(order.runId())) {
        continue;
      }
      if (!madeGeneration && order.state() == FenceOrder.State.ORDERED) {
        deliveries.cancel(order.node());
        order = order.with(FenceOrder.State.WITHDRAWN, Workflow.currentTimeMillis(), null);
        fences.put(order.node(), order);
      }
      touched.add(order);
    }
    return new FenceOrders(touched);
  }

  @Override
  public Incident recordIncident(Incident incident) {
    Incident known = incidents.get(incident.key());
    if (known != null) {
      return known;
    }
    Incident recorded =
        new Incident(
            incident.runbook(),
            incident.fingerprint(),
            incident.startsAt(),
            incident.workflowId(),
            incident.runId(),
            Workflow.currentTimeMillis());
    incidents.put(recorded.key(), recorded);
    while (incidents.size() > INCIDENTS_KEPT) {
      incidents.remove(incidents.keySet().iterator().next());
    }
    return recorded;
  }

  @Override
  public VoterSighting sawVoters(VoterSighting sighting) {
    boolean ofCurrent =
        generations.isEmpty()
            || generations.get(generations.size() - 1).clusterId().equals(sighting.clusterId());
    boolean newer = sightings.isEmpty() || sighting.seenAt() > last(sightings).seenAt();
    if (ofCurrent && newer) {
      sightings.add(sighting);
      while (sightings.size() > SIGHTINGS_KEPT) {
        sightings.remove(0);
      }
    }
    return sightings.isEmpty() ? null : last(sightings);
  }

  @Override
  public AgentSeen agentSeen(AgentSeen seen) {
    AgentSeen stamped =
        new AgentSeen(seen.node(), seen.fenceAfterMillis(), Workflow.currentTimeMillis());
    agentsSeen.put(seen.node(), stamped);
    return stamped;
  }

  @Override
  public void noteAgentSeen(AgentSeen seen) {
    agentSeen(seen);
  }

  @Override
  public ClusterRecord read() {
    // In a run's first workflow task the SDK runs this update before the signals that came with
    // the start (RecordReadTest); the lease must not read a sighting as missing.
    Workflow.await(() -> running);
    return record();
  }

  @Override
  public LearnerHeard learnerHeard(LearnerHeard heard) {
    if (learnerHeard == null || heard.at() > learnerHeard.at()) {
      learnerHeard = heard;
    }
    return learnerHeard;
  }

  @Override
  public Release recordRelease(Release release) {
    releases.add(release);
    while (releases.size() > 50) {
      releases.remove(0);
    }
    return release;
  }

  @Override
  public DrillFigures recordDrill(DrillFigures figures) {
    lastDrill = figures;
    return lastDrill;
  }

  @Override
  public ClusterRecord record() {
    return new ClusterRecord(
        cluster,
        generations,
        new ArrayList<>(fences.values()),
        new ArrayList<>(incidents.values()),
        sightings,
        lastDrill,
        new ArrayList<>(nodeReports.values()),
        adoptionRefused,
        new ArrayList<>(agentsSeen.values()),
        learnerHeard,
        releases);
  }

  private static <T> T last(List<T> list) {
    return list.get(list.size() - 1);
  }

  private Generation generation(int number, Generation.Proposal proposal) {
    return new Generation(
        number,
        proposal.clusterId(),
        proposal.members(),
        proposal.clientUrls(),
        proposal.reason(),
        proposal.workflowId(),
        proposal.runId(),
        Workflow.currentTimeMillis(),
        proposal.fromRevision(),
        List.of());
  }

  private static boolean ofRun(FenceOrder order, FenceCommand command) {
    return command.runId() != null && command.runId().equals(order.runId());
  }
}
