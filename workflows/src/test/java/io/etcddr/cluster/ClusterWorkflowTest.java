package io.etcddr.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.etcddr.contract.StepContext;
import io.etcddr.contract.TaskQueues;
import io.etcddr.contract.cluster.AgentSeen;
import io.etcddr.contract.cluster.ClusterRecord;
import io.etcddr.contract.cluster.ClusterWorkflow;
import io.etcddr.contract.cluster.Divergence;
import io.etcddr.contract.cluster.DrillFigures;
import io.etcddr.contract.cluster.FenceCommand;
import io.etcddr.contract.cluster.FenceOrder;
import io.etcddr.contract.cluster.FenceReport;
import io.etcddr.contract.cluster.FenceRequest;
import io.etcddr.contract.cluster.Generation;
import io.etcddr.contract.cluster.Incident;
import io.etcddr.contract.cluster.NodeReport;
import io.etcddr.contract.cluster.VoterSighting;
import io.temporal.activity.Activity;
import io.temporal.activity.DynamicActivity;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WithStartWorkflowOperation;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowUpdateStage;
import io.temporal.common.converter.EncodedValues;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.WorkerFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The cluster's durable record: generations recorded once per run or cluster ID, fence orders that
 * wait for an absent agent and reach it when it polls, orders withdrawn only for a run that made no
 * generation, and incidents that keep their first run.
 */
class ClusterWorkflowTest {

  private final TestWorkflowEnvironment env = RecordEnvironment.create();
  private final List<String> fenced = new CopyOnWriteArrayList<>();
  private final ClusterWorkflow record = RecordEnvironment.startRecord(env);

  @AfterEach
  void close() {
    env.close();
  }

  @Test
  void generationsAreRecordedOncePerRunOrClusterId() {
    Generation first = record.adopt(proposal("aaa", null));
    Generation again = record.adopt(proposal("bbb", null));
    Generation second = record.newGeneration(proposal("ccc", "run-1"));
    Generation retried = record.newGeneration(proposal("ccc", "run-1"));

    assertThat(first.number()).isEqualTo(1);
    assertThat(again).isEqualTo(first);
    assertThat(second.number()).isEqualTo(2);
    assertThat(retried).isEqualTo(second);
    assertThat(record.record().current()).contains(second);
    assertThat(record.record().generations())
        .extracting(Generation::clusterId)
        .containsExactly("aaa", "ccc");
  }

  @Test
  void theCurrentGenerationsMembersAreAmendedOnlyForItsClusterId() {
    record.adopt(proposal("aaa", null));
    Generation made = record.newGeneration(proposal("ccc", "run-1"));
    Generation.Member learner =
        new Generation.Member(
            "b2", "etcd-master1", List.of(), List.of("https://10.0.0.2:2379"), true);
    Generation amended =
        record.amendMembers(
            new Generation.Proposal(
                "ccc",
                List.of(learner),
                List.of("https://10.0.0.1:2379", "https://10.0.0.2:2379"),
                null,
                "r",
                "run-2"));
    Generation refused =
        record.amendMembers(
            new Generation.Proposal(
                "aaa", List.of(), List.of("https://10.9.9.9:2379"), null, "r", "run-3"));

    assertThat(amended.number()).isEqualTo(made.number());
    assertThat(amended.madeAt()).isEqualTo(made.madeAt());
    assertThat(amended.members()).containsExactly(learner);
    assertThat(amended.clientUrls())
        .containsExactly("https://10.0.0.1:2379", "https://10.0.0.2:2379");
    assertThat(refused).as("another cluster ID changes nothing").isEqualTo(amended);
    assertThat(record.record().current()).contains(amended);
    assertThat(record.record().generations().get(0).clusterId()).isEqualTo("aaa");
  }

  @Test
  void aNodesDivergenceReportStaysOnTheGenerationAndReplacesItsEarlierOne() {
    record.adopt(proposal("aaa", null));
    Generation made =
        record.newGeneration(
            new Generation.Proposal(
                "ccc", List.of(), List.of("https://10.0.0.1:2379"), "test", "w", "run-1", 4321L));
    record.recordDivergence(divergence("master1", 3));
    record.recordDivergence(divergence("master2", 1));
    Generation reported = record.recordDivergence(divergence("master1", 2));

    assertThat(made.fromRevision()).isEqualTo(4321L);
    assertThat(reported.number()).isEqualTo(made.number());
    assertThat(reported.divergences())
        .extracting(Divergence::node, d -> d.created().count())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("master2", 1L),
            org.assertj.core.groups.Tuple.tuple("master1", 2L));
    assertThat(record.record().current().orElseThrow().divergences()).hasSize(2);
    assertThat(record.record().generations().get(0).divergences()).isEmpty();
  }

  @Test
  void fenceOrderWaitsForTheAgentAndReachesItWhenItPolls() {
    record.fence(
        new FenceCommand(List.of(), List.of("master1"), null, null, "failover/lab", "run-1"));
    // No agent polls etcd-dr@master1 yet: the order waits (a pending activity keeps the test
    // server's clock from skipping, so this is a real second).
    env.sleep(Duration.ofSeconds(1));
    assertThat(record.record().pendingFence("master1")).isPresent();

    startAgent("master1");
    for (int i = 0; i < 100 && record.record().pendingFence("master1").isPresent(); i++) {
      env.sleep(Duration.ofMillis(100));
    }

    FenceOrder done = record.record().fences().get(0);
    assertThat(done.state()).isEqualTo(FenceOrder.State.FENCED);
    assertThat(done.report().dataDirAside()).isEqualTo("/var/lib/etcd.fenced-run1");
    assertThat(fenced).isNotEmpty().containsOnly("master1 run1"); // at least once, idempotent
  }

  /**
   * At boot a node reads its order from the record, fences itself and reports it, while its agent
   * may be completing the same delivery: the record does not cancel that delivery (a cancel racing
   * the completion wedged the test server's record), and the boot report stays.
   */
  @Test
  void aNodeFencedAtBootKeepsItsReportAndItsDeliveryRunsOut() {
    record.fence(
        new FenceCommand(List.of(), List.of("master1"), null, null, "failover/lab", "run-1"));
    FenceReport atBoot =
        new FenceReport("master1", List.of(), List.of("etcd"), "/boot-aside", true, null, 7L, 0L);

    record.fence(new FenceCommand(List.of(atBoot), List.of(), null, null, "failover/lab", "run-1"));
    startAgent("master1");
    for (int i = 0; i < 100 && fenced.isEmpty(); i++) {
      env.sleep(Duration.ofMillis(100));
    }

    // at least once, as Temporal delivers: a busy machine can time an attempt out and retry it
    assertThat(fenced)
        .as("the delivery reached the agent")
        .isNotEmpty()
        .containsOnly("master1 run1");
    FenceOrder order = record.record().fences().get(0);
    assertThat(order.state()).isEqualTo(FenceOrder.State.FENCED);
    assertThat(order.report()).isEqualTo(atBoot);
  }

  @Test
  void ordersAreWithdrawnOnlyForARunThatMadeNoGeneration() {
    record.fence(new FenceCommand(List.of(), List.of("master1"), null, null, "f/lab", "run-1"));
    record.fence(new FenceCommand(List.of(), List.of("master2"), null, null, "f/lab", "run-2"));
    record.newGeneration(proposal("ccc", "run-2"));

    List<FenceOrder> withdrawn = record.withdrawFences("f/lab", "run-1").orders();
    List<FenceOrder> kept = record.withdrawFences("f/lab", "run-2").orders();

    assertThat(withdrawn).extracting(FenceOrder::state).containsExactly(FenceOrder.State.WITHDRAWN);
    assertThat(kept).extracting(FenceOrder::state).containsExactly(FenceOrder.State.ORDERED);
    assertThat(record.record().pendingFence("master1")).isEmpty();
    assertThat(record.record().pendingFence("master2")).isPresent();
  }

  @Test
  void anIncidentKeepsItsFirstRun() {
    Incident first =
        record.recordIncident(new Incident("failover", "fp", "t0", "failover/lab", "r1", 0));
    Incident repeat =
        record.recordIncident(new Incident("failover", "fp", "t0", "failover/lab", "r2", 0));
    Incident next =
        record.recordIncident(new Incident("failover", "fp", "t1", "failover/lab", "r3", 0));

    assertThat(repeat.runId()).isEqualTo("r1").isEqualTo(first.runId());
    assertThat(next.runId()).isEqualTo("r3");
    assertThat(record.record().incident(first.key())).contains(first);
  }

  /** An agent that appears after the order was given: a worker on the node's own task queue. */
  private void startAgent(String node) {
    WorkerFactory factory = WorkerFactory.newInstance(env.getWorkflowClient());
    factory
        .newWorker(TaskQueues.node(node))
        .registerActivitiesImplementations(
            (DynamicActivity)
                (EncodedValues args) -> {
                  FenceRequest request = args.get(0, FenceRequest.class);
                  StepContext context = args.get(1, StepContext.class);
                  fenced.add(context.node() + " " + request.orderId());
                  assertThat(Activity.getExecutionContext().getInfo().getActivityType())
                      .isEqualTo("fence.node");
                  return new FenceReport(
                      node,
                      List.of("etcd"),
                      List.of("etcd"),
                      request.dataDir() + ".fenced-" + request.orderId(),
                      false,
                      null,
                      1L,
                      null);
                });
    factory.start();
  }

  private static Divergence divergence(String node, long created) {
    return new Divergence(
        node,
        true,
        "/registry",
        4321L,
        4400L,
        null,
        new Divergence.Keys(created, List.of("/registry/a")),
        Divergence.Keys.none(),
        Divergence.Keys.none(),
        "test",
        "divergence-report/lab",
        "run-9",
        1L);
  }

  @Test
  void sightingsKeepTheCurrentGenerationsVotersNewestLastAndBounded() {
    record.adopt(proposal("aaa", null));
    for (int i = 1; i <= ClusterWorkflowImpl.SIGHTINGS_KEPT + 20; i++) {
      record.sawVoters(new VoterSighting("aaa", 100 + i, 5_000L * i));
    }
    VoterSighting foreign = record.sawVoters(new VoterSighting("bbb", 9_999, 10_000_000L));
    VoterSighting stale = record.sawVoters(new VoterSighting("aaa", 1, 1L));

    ClusterRecord kept = record.record();
    assertThat(kept.sightings()).hasSize(ClusterWorkflowImpl.SIGHTINGS_KEPT);
    assertThat(kept.lastSighting()).contains(foreign).contains(stale);
    assertThat(foreign.revision())
        .as("another cluster ID and an older sighting are ignored")
        .isEqualTo(100 + ClusterWorkflowImpl.SIGHTINGS_KEPT + 20);
    assertThat(kept.lastSightingAtOrBelow(150).orElseThrow().revision()).isEqualTo(150);
    assertThat(kept.lastSightingAtOrBelow(110)).as("older than every sighting kept").isEmpty();

    record.newGeneration(proposal("ccc", "run-1"));
    assertThat(record.record().sightings()).as("they were the old generation's").isEmpty();
  }

  /**
   * A change the server hands to a run before its workflow method has started — as when it moves
   * one from a run that just continued as new — sees the carried record, not an empty one.
   */
  @Test
  void aChangeHandledBeforeTheRunStartsSeesTheCarriedRecord() {
    record.adopt(proposal("aaa", null));
    VoterSighting carriedLast = record.sawVoters(new VoterSighting("aaa", 200, 50_000L));
    ClusterRecord carried = record.record();
    ClusterWorkflow next =
        env.getWorkflowClient()
            .newWorkflowStub(
                ClusterWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setWorkflowId(ClusterWorkflow.workflowId("next"))
                    .setTaskQueue(TaskQueues.WORKER)
                    .setWorkflowIdConflictPolicy(
                        WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)
                    .build());

    VoterSighting answer =
        WorkflowClient.executeUpdateWithStart(
            next::sawVoters,
            new VoterSighting("aaa", 100, 10_000L),
            UpdateOptions.<VoterSighting>newBuilder()
                .setWaitForStage(WorkflowUpdateStage.COMPLETED)
                .build(),
            new WithStartWorkflowOperation<>(next::run, carried));

    assertThat(answer).as("older than the carried last sighting: ignored").isEqualTo(carriedLast);
    assertThat(next.record().sightings()).containsExactly(carriedLast);
    assertThat(next.record().generations()).isEqualTo(carried.generations());
  }

  @Test
  void anAgentsSightingIsStampedWithTheRecordsClockAndEveryReadAfterItSeesIt() {
    long before = env.currentTimeMillis();
    record.noteAgentSeen(new AgentSeen("master1", 15_000, 0));

    AgentSeen seen = record.read().agentSeen("master1").orElseThrow();
    assertThat(seen.fenceAfterMillis()).isEqualTo(15_000);
    assertThat(seen.at())
        .as("the record's clock, not the agent's 0")
        .isGreaterThanOrEqualTo(before);
  }

  @Test
  void theLastDrillsFiguresReplaceTheEarlierOnes() {
    record.recordDrill(new DrillFigures(40, 2, 1500, "learner-drill/lab", 1L));
    record.recordDrill(new DrillFigures(7, 0, 900, "learner-drill/lab", 2L));

    assertThat(record.record().lastDrill())
        .isEqualTo(new DrillFigures(7, 0, 900, "learner-drill/lab", 2L));
  }

  @Test
  void aRecordStartedAnewRefusesToAdoptWhatANodesNotesContradict() {
    record.reportNode(new NodeReport("node1", "new", 2, "https://10.0.2.21:2379", "", 1L));

    assertThat(record.adopt(proposal("old", null))).as("the old site's cluster").isNull();
    assertThat(record.record().generations()).isEmpty();
    assertThat(record.record().adoptionRefused())
        .isEqualTo(
            "cluster ID old was not adopted as generation 1: node node1 last served generation 2"
                + " (cluster ID new at https://10.0.2.21:2379)");
  }

  @Test
  void aFencedNodeForbidsAdoptingAnything() {
    record.reportNode(new NodeReport("master1", "old", 1, "", "order-7", 1L));

    assertThat(record.adopt(proposal("old", null))).isNull();
    assertThat(record.record().adoptionRefused())
        .contains("node master1 carries fence order-7: its cluster was replaced");
  }

  @Test
  void notesThatAgreeAllowTheAdoption() {
    record.reportNode(new NodeReport("master1", "same", 1, "https://10.0.1.11:2379", "", 1L));

    assertThat(record.adopt(proposal("same", null)).number()).isEqualTo(1);
    assertThat(record.record().adoptionRefused()).isNull();
  }

  private static Generation.Proposal proposal(String id, String runId) {
    return new Generation.Proposal(
        id, List.of(), List.of("https://10.0.0.1:2379"), "test", "w", runId);
  }
}
