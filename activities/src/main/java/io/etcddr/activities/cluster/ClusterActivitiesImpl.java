package io.etcddr.activities.cluster;

import io.etcddr.activities.etcd.EtcdActivitiesImpl;
import io.etcddr.activities.inventory.Cluster;
import io.etcddr.activities.preflight.PreflightTable;
import io.etcddr.activities.preflight.Preflighted;
import io.etcddr.activities.record.ClusterRecords;
import io.etcddr.activities.support.ActivityFailures;
import io.etcddr.contract.StepContext;
import io.etcddr.contract.cluster.ClusterActivities;
import io.etcddr.contract.cluster.DataLoss;
import io.etcddr.contract.cluster.DrillFigures;
import io.etcddr.contract.cluster.FenceCommand;
import io.etcddr.contract.cluster.FenceOrder;
import io.etcddr.contract.cluster.FenceReport;
import io.etcddr.contract.cluster.Generation;
import io.etcddr.contract.cluster.LeaseDeadline;
import io.etcddr.contract.cluster.LostSites;
import io.etcddr.contract.etcd.ClusterHealth;
import io.etcddr.contract.etcd.EndpointStatus;
import io.etcddr.contract.etcd.EtcdActivities.StatusRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

public final class ClusterActivitiesImpl implements ClusterActivities, Preflighted {

  private final ClusterRecords records;
  private final EtcdActivitiesImpl etcd;
  private final DivergenceReports divergences;

  public ClusterActivitiesImpl(ClusterRecords records, EtcdActivitiesImpl etcd) {
    this.records = records;
    this.etcd = etcd;
    this.divergences = new DivergenceReports(records, etcd, java.time.Clock.systemUTC());
  }

  @Override
  public PreflightTable preflights() {
    ClusterRecords readOnly = ClusterRecords.readOnly(records);
    return new ClusterPreflights(new ClusterActivitiesImpl(readOnly, etcd.readOnly()), readOnly)
        .table();
  }

  @Override
  public Fenced fence(FenceStepRequest request, StepContext context) {
    Map<String, FenceReport> done = request.fenced() == null ? Map.of() : request.fenced();
    List<FenceOrder> orders =
        records.fence(
            request.cluster(),
            new FenceCommand(
                new ArrayList<>(done.values()),
                request.unreachable(),
                request.containers(),
                request.dataDir() == null || request.dataDir().isBlank()
                    ? etcd.described(request.cluster()).dataDir()
                    : request.dataDir(),
                context.workflowId(),
                context.runId()));
    return new Fenced(
        orders, nodes(orders, FenceOrder.State.ORDERED), nodes(orders, FenceOrder.State.FENCED));
  }

  @Override
  public GenerationMade newGeneration(NewGenerationRequest request, StepContext context) {
    ClusterHealth health =
        etcd.status(new StatusRequest(request.cluster(), request.endpoints(), null), context);
    if (!health.quorum()) {
      throw ActivityFailures.retryable(
          "the new cluster at " + request.endpoints() + " has no quorum yet");
    }
    if (!health.foreign().isEmpty()) {
      throw ActivityFailures.precondition(
          request.endpoints()
              + " answer as more than one cluster ("
              + health.clusterId()
              + " and "
              + health.foreign().get(0).clusterId()
              + "); give the endpoints of the new cluster only");
    }
    Generation made =
        records.newGeneration(
            request.cluster(),
            new Generation.Proposal(
                health.clusterId(),
                members(health),
                request.endpoints(),
                "made by " + context.workflowId(),
                context.workflowId(),
                context.runId(),
                request.fromRevision()));
    return made(made);
  }

  private static List<Generation.Member> members(ClusterHealth health) {
    return health.members().stream()
        .filter(EndpointStatus::reachable)
        .map(
            m ->
                new Generation.Member(
                    m.id(),
                    m.name(),
                    List.of(),
                    List.of(m.endpoint()),
                    Boolean.TRUE.equals(m.isLearner())))
        .toList();
  }

  private static GenerationMade made(Generation generation) {
    return new GenerationMade(
        generation.number(),
        generation.clusterId(),
        generation.members().stream().map(Generation.Member::name).toList(),
        generation.clientUrls());
  }

  @Override
  public GenerationMade recordMembers(RecordMembersRequest request, StepContext context) {
    Generation current =
        records
            .find(request.cluster())
            .flatMap(io.etcddr.contract.cluster.ClusterRecord::current)
            .orElseThrow(
                () ->
                    ActivityFailures.precondition(
                        "cluster `" + request.cluster() + "` has no generation recorded yet"));
    java.util.LinkedHashSet<String> urls = new java.util.LinkedHashSet<>(current.clientUrls());
    if (request.add() != null) {
      urls.addAll(request.add());
    }
    List<String> endpoints = List.copyOf(urls);
    ClusterHealth health =
        etcd.status(new StatusRequest(request.cluster(), endpoints, null), context);
    if (!health.quorum() || !current.clusterId().equals(health.clusterId())) {
      throw ActivityFailures.retryable(
          "generation "
              + current.number()
              + " (cluster ID "
              + current.clusterId()
              + ") does not answer with quorum at "
              + endpoints);
    }
    Generation amended =
        records.amendMembers(
            request.cluster(),
            new Generation.Proposal(
                health.clusterId(),
                members(health),
                endpoints,
                null,
                context.workflowId(),
                context.runId()));
    return made(amended);
  }

  @Override
  public Withdrawn withdrawFences(WithdrawRequest request, StepContext context) {
    List<FenceOrder> touched =
        records.withdrawFences(request.cluster(), context.workflowId(), context.runId());
    return new Withdrawn(
        nodes(touched, FenceOrder.State.WITHDRAWN),
        touched.stream()
            .filter(o -> o.state() != FenceOrder.State.WITHDRAWN)
            .map(FenceOrder::node)
            .toList());
  }

  @Override
  public Reported divergence(DivergenceRequest request, StepContext context) {
    return Reported.of(divergences.report(request, context));
  }

  @Override
  public LostSites sites(SitesRequest request, StepContext context) {
    Cluster cluster = etcd.described(request.cluster());
    Cluster.Node learner = sitedNode(cluster, request.learner());
    LostSites split =
        LostSiteFinder.find(
            cluster,
            learner,
            records
                .find(request.cluster())
                .flatMap(io.etcddr.contract.cluster.ClusterRecord::current));
    if (split.sites().isEmpty()) {
      throw ActivityFailures.precondition(
          "no voter of cluster `"
              + request.cluster()
              + "` ran outside site "
              + learner.site()
              + ", the learner's: there is no lost site to fail over from");
    }
    return split;
  }

  @Override
  public LeaseDeadline lease(LeaseRequest request, StepContext context) {
    Cluster cluster = etcd.described(request.cluster());
    List<String> nodes = request.nodes() == null ? List.of() : request.nodes();
    String sites =
        "site "
            + String.join(
                " and ",
                nodes.stream()
                    .map(n -> cluster.node(n).map(Cluster.Node::site).orElse("?"))
                    .distinct()
                    .toList());
    return LeaseDeadlines.of(
        records.findLatest(request.cluster()),
        nodes,
        sites,
        java.time.Instant.now(),
        context.runId());
  }

  @Override
  public LeaseWaited awaitLease(LeaseRequest request, StepContext context) {
    long started = System.currentTimeMillis();
    LeaseDeadline deadline = lease(request, context);
    while (deadline.waitMillis() > 0) {
      io.etcddr.activities.support.Heartbeats.beat("waiting until " + deadline.summary());
      io.etcddr.activities.support.Heartbeats.pause(
          java.time.Duration.ofMillis(Math.min(deadline.waitMillis(), 2_000)));
      deadline = lease(request, context); // a later sign of life moves it
    }
    return new LeaseWaited(
        deadline.known(),
        deadline.lastHeard(),
        deadline.fencedBy(),
        System.currentTimeMillis() - started,
        deadline.summary());
  }

  /** The node, every node of the cluster having a site; one line for the operator otherwise. */
  private static Cluster.Node sitedNode(Cluster cluster, String name) {
    cluster
        .withoutSite()
        .ifPresent(
            n -> {
              throw ActivityFailures.badInput(Cluster.noSite(cluster.name(), n));
            });
    return cluster
        .node(name)
        .orElseThrow(
            () ->
                ActivityFailures.badInput(
                    "cluster `" + cluster.name() + "` has no node `" + name + "`"));
  }

  @Override
  public DataLoss dataLoss(DataLossRequest request, StepContext context) {
    Cluster cluster = etcd.described(request.cluster());
    Cluster.Node learner = sitedNode(cluster, request.learner());
    String learnerUrl = "https://" + learner.address() + ":2379";
    ClusterHealth asked =
        etcd.status(new StatusRequest(request.cluster(), List.of(learnerUrl), "2s"), context);
    long learnerRevision =
        asked.members().stream()
            .filter(m -> m.reachable() && m.revision() != null)
            .mapToLong(EndpointStatus::revision)
            .findFirst()
            .orElse(-1);
    List<String> voterSites =
        cluster.nodes().stream()
            .map(Cluster.Node::site)
            .filter(site -> !site.equals(learner.site()))
            .distinct()
            .toList();
    String named =
        voterSites.isEmpty() ? "the voters' site" : "site " + String.join(" and ", voterSites);
    return DataLossEstimate.estimate(
        learnerRevision, records.find(request.cluster()), named, java.time.Instant.now());
  }

  @Override
  public DrillRecorded recordDrill(DrillRequest request, StepContext context) {
    DrillFigures kept =
        records.recordDrill(
            request.cluster(),
            new DrillFigures(
                orZero(request.lagRevisions()),
                orZero(request.catchUpRevisions()),
                orZero(request.restoreMillis()),
                context.workflowId(),
                System.currentTimeMillis()));
    return new DrillRecorded(
        kept.lagRevisions(), kept.catchUpRevisions(), kept.restoreMillis(), kept.at());
  }

  private static long orZero(Long value) {
    return value == null ? 0 : value;
  }

  private static List<String> nodes(List<FenceOrder> orders, FenceOrder.State state) {
    return orders.stream().filter(o -> o.state() == state).map(FenceOrder::node).toList();
  }
}
