package io.etcddr.runs;

import static org.assertj.core.api.Assertions.assertThat;

import io.etcddr.activities.record.ClusterRecords;
import io.etcddr.contract.cluster.ClusterRecord;
import io.etcddr.contract.cluster.Divergence;
import io.etcddr.contract.cluster.FenceCommand;
import io.etcddr.contract.cluster.FenceOrder;
import io.etcddr.contract.cluster.Generation;
import io.etcddr.contract.cluster.Incident;
import io.etcddr.runbook.compile.Plan;
import io.etcddr.runbook.compile.RunbookCompiler;
import io.etcddr.runbook.model.RunbookLibrary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A repeat of a recorded incident is answered from what this process already knows, without a query
 * of the cluster's record (a workflow task on the worker each time); a run the server no longer
 * knows sends it back to the record.
 */
class IncidentsTest {

  private static final Plan PLAN = plan();
  private static final Map<String, Object> INPUTS = Map.of("cluster", "c1", "learner", "n1");
  private static final String STARTS_AT = "2026-12-03T07:00:00Z";

  private final CountingRecords records = new CountingRecords();
  private final AtomicReference<String> outcome = new AtomicReference<>("running");
  private final Incidents incidents = new Incidents(records, (workflowId, runId) -> outcome.get());

  @Test
  void aRepeatOfARecordedIncidentIsKnownWithoutAskingTheRecord() {
    assertThat(incidents.decide(PLAN, INPUTS, "fp", STARTS_AT)).isInstanceOf(Incidents.New.class);
    incidents.record(
        "c1", PLAN, "fp", STARTS_AT, new RunStarter.Started("w", "r1", false, null, null));
    int asked = records.finds.get();

    for (int i = 0; i < 3; i++) {
      Incidents.Decision repeat = incidents.decide(PLAN, INPUTS, "fp", STARTS_AT);
      assertThat(repeat).isInstanceOf(Incidents.Known.class);
      assertThat(((Incidents.Known) repeat).incident().runId()).isEqualTo("r1");
      assertThat(((Incidents.Known) repeat).outcome()).isEqualTo("running");
    }
    assertThat(records.finds.get()).isEqualTo(asked);
    assertThat(incidents.decide(PLAN, INPUTS, "another", STARTS_AT))
        .as("another incident")
        .isInstanceOf(Incidents.New.class);
  }

  @Test
  void aRunTheServerDoesNotKnowSendsTheRepeatBackToTheRecord() {
    incidents.record(
        "c1", PLAN, "fp", STARTS_AT, new RunStarter.Started("w", "r1", false, null, null));
    outcome.set("unknown");
    int asked = records.finds.get();

    Incidents.Decision repeat = incidents.decide(PLAN, INPUTS, "fp", STARTS_AT);

    assertThat(records.finds.get()).isEqualTo(asked + 1);
    assertThat(repeat).isInstanceOf(Incidents.Known.class); // the record still has it
  }

  private static Plan plan() {
    try {
      return new RunbookCompiler(RunbookLibrary.EMPTY)
          .compile(
              "gated-failover.yaml",
              Files.readString(Path.of("src/test/resources/api/gated-failover.yaml")))
          .planOrThrow();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Incidents kept as the cluster record keeps them; every `find` counted. */
  private static final class CountingRecords implements ClusterRecords {
    final AtomicInteger finds = new AtomicInteger();
    private final List<Incident> incidents = new ArrayList<>();

    @Override
    public Optional<ClusterRecord> find(String cluster) {
      finds.incrementAndGet();
      return incidents.isEmpty()
          ? Optional.empty()
          : Optional.of(new ClusterRecord(cluster, List.of(), List.of(), List.copyOf(incidents)));
    }

    @Override
    public Incident recordIncident(String cluster, Incident incident) {
      incidents.add(incident);
      return incident;
    }

    @Override
    public java.util.Optional<Generation> adopt(String cluster, Generation.Proposal first) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Generation newGeneration(String cluster, Generation.Proposal next) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Generation amendMembers(String cluster, Generation.Proposal members) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Generation recordDivergence(String cluster, Divergence report) {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<FenceOrder> fence(String cluster, FenceCommand command) {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<FenceOrder> withdrawFences(String cluster, String workflowId, String runId) {
      throw new UnsupportedOperationException();
    }

    @Override
    public io.etcddr.contract.cluster.VoterSighting sawVoters(
        String cluster, io.etcddr.contract.cluster.VoterSighting seen) {
      throw new UnsupportedOperationException();
    }

    @Override
    public io.etcddr.contract.cluster.NodeReport reportNode(
        String cluster, io.etcddr.contract.cluster.NodeReport report) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void agentSeen(String cluster, io.etcddr.contract.cluster.AgentSeen seen) {
      throw new UnsupportedOperationException();
    }

    @Override
    public io.etcddr.contract.cluster.LearnerHeard learnerHeard(
        String cluster, io.etcddr.contract.cluster.LearnerHeard heard) {
      throw new UnsupportedOperationException();
    }

    @Override
    public io.etcddr.contract.cluster.DrillFigures recordDrill(
        String cluster, io.etcddr.contract.cluster.DrillFigures figures) {
      throw new UnsupportedOperationException();
    }
  }
}
