package io.etcddr.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.etcddr.activities.record.ClusterRecords;
import io.etcddr.contract.cluster.ClusterRecord;
import io.etcddr.contract.cluster.FenceCommand;
import io.etcddr.contract.cluster.FenceOrder;
import io.etcddr.contract.cluster.Generation;
import io.etcddr.contract.cluster.Incident;
import io.etcddr.http.ApiException;
import io.etcddr.http.ApiRequest;
import io.etcddr.http.ApiResponse;
import io.etcddr.runbook.compile.Plan;
import io.etcddr.runbook.compile.RunbookCompiler;
import io.etcddr.runbook.model.RunbookLibrary;
import io.etcddr.runs.Incidents;
import io.etcddr.runs.RunStarter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Throws random bytes and mutated Alertmanager bodies at the webhook route (parser, trigger
 * matching, CEL over the alert, input binding): every answer is a 2xx or a 4xx with a one-line
 * reason, never a 5xx or an escaped exception. Runs are "started" by a recording launcher.
 */
class WebhookFuzzTest {

  static {
    // A line for each of the fuzzer's hundred thousand alerts (info, or warn for a bad one)
    // buried the suite's output; an error still shows.
    ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(AlertsApi.class))
        .setLevel(ch.qos.logback.classic.Level.ERROR);
  }

  private static final List<Plan> PLANS =
      List.of(
          plan("src/test/resources/api/gated-failover.yaml"),
          plan("../runbooks/failover-to-learner.yaml"));

  private static final AlertsApi ALERTS =
      new AlertsApi(
          () -> PLANS,
          (plan, inputs) -> {
            assertThat(inputs).containsKeys("cluster", "learner");
            return new RunStarter.Started(
                RunStarter.workflowId(plan.runbook(), inputs), "run", false, null, null);
          },
          new Incidents(new IncidentsInMemory(), (workflowId, runId) -> "running"),
          new SimpleMeterRegistry());

  /**
   * Records incidents as the cluster record does (the first run of an incident stays), without
   * Temporal: an alert that starts a run records its incident, and the fuzzer finds that path.
   */
  private static final class IncidentsInMemory implements ClusterRecords {
    private final Map<String, Incident> incidents = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public Optional<ClusterRecord> find(String cluster) {
      return Optional.empty();
    }

    @Override
    public Incident recordIncident(String cluster, Incident incident) {
      return incidents.computeIfAbsent(cluster + "/" + incident.key(), k -> incident);
    }

    @Override
    public java.util.Optional<Generation> adopt(String cluster, Generation.Proposal first) {
      throw new UnsupportedOperationException("the webhook adopts no generation");
    }

    @Override
    public Generation newGeneration(String cluster, Generation.Proposal next) {
      throw new UnsupportedOperationException("the webhook makes no generation");
    }

    @Override
    public Generation amendMembers(String cluster, Generation.Proposal members) {
      throw new UnsupportedOperationException("the webhook changes no members");
    }

    @Override
    public Generation recordDivergence(
        String cluster, io.etcddr.contract.cluster.Divergence report) {
      throw new UnsupportedOperationException("the webhook reports no divergence");
    }

    @Override
    public List<FenceOrder> fence(String cluster, FenceCommand command) {
      throw new UnsupportedOperationException("the webhook fences nothing");
    }

    @Override
    public List<FenceOrder> withdrawFences(String cluster, String workflowId, String runId) {
      throw new UnsupportedOperationException("the webhook withdraws no fence");
    }

    @Override
    public io.etcddr.contract.cluster.VoterSighting sawVoters(
        String cluster, io.etcddr.contract.cluster.VoterSighting seen) {
      throw new UnsupportedOperationException("the webhook sees no voters");
    }

    @Override
    public io.etcddr.contract.cluster.NodeReport reportNode(
        String cluster, io.etcddr.contract.cluster.NodeReport report) {
      throw new UnsupportedOperationException("the webhook sees no voters");
    }

    @Override
    public void agentSeen(String cluster, io.etcddr.contract.cluster.AgentSeen seen) {
      throw new UnsupportedOperationException("the webhook sees no agent");
    }

    @Override
    public io.etcddr.contract.cluster.LearnerHeard learnerHeard(
        String cluster, io.etcddr.contract.cluster.LearnerHeard heard) {
      throw new UnsupportedOperationException("the webhook sees no agent");
    }

    @Override
    public io.etcddr.contract.cluster.DrillFigures recordDrill(
        String cluster, io.etcddr.contract.cluster.DrillFigures figures) {
      throw new UnsupportedOperationException("the webhook sees no voters");
    }
  }

  private static final String[] LABELS = {"alertname", "severity", "cluster", "learner", "", "é"};
  private static final String[] VALUES = {
    "EtcdQuorumLost", "critical", "lab", "node1", "", "\u0000", "${{ 1 }}", "\"", "\\", "n1"
  };

  @FuzzTest(maxDuration = "15s")
  void webhookAnswersEveryBodyWithoutAServerError(FuzzedDataProvider data) {
    byte[] body =
        data.consumeBoolean()
            ? structured(data).getBytes(StandardCharsets.UTF_8)
            : data.consumeRemainingAsBytes();
    try {
      ApiResponse response =
          ALERTS.receive(new ApiRequest("POST", "/v1/alerts/alertmanager", Map.of(), body));
      assertThat(response.status()).isEqualTo(202);
    } catch (ApiException e) {
      assertThat(e.status()).isBetween(400, 499);
      assertThat(e.getMessage()).isNotBlank().doesNotContain("\n");
    }
  }

  /** A body shaped like Alertmanager's, with fuzzed statuses, labels and values. */
  private static String structured(FuzzedDataProvider data) {
    StringBuilder out = new StringBuilder("{\"version\":\"");
    out.append(data.consumeBoolean() ? "4" : escape(data.consumeString(3)))
        .append("\",\"alerts\":[");
    int alerts = data.consumeInt(0, 3);
    for (int a = 0; a < alerts; a++) {
      out.append(a == 0 ? "" : ",")
          .append("{\"status\":\"")
          .append(data.pickValue(new String[] {"firing", "resolved", "pending"}))
          .append("\",\"labels\":{");
      int labels = data.consumeInt(0, 5);
      for (int l = 0; l < labels; l++) {
        String name = data.consumeBoolean() ? data.pickValue(LABELS) : data.consumeString(8);
        String value = data.consumeBoolean() ? data.pickValue(VALUES) : data.consumeString(12);
        out.append(l == 0 ? "" : ",")
            .append('"')
            .append(escape(name))
            .append("\":")
            .append(data.consumeInt(0, 9) == 0 ? "null" : "\"" + escape(value) + "\"");
      }
      out.append("}}");
    }
    return out.append("]}").toString();
  }

  private static String escape(String text) {
    StringBuilder out = new StringBuilder();
    for (char c : text.toCharArray()) {
      out.append(c < 0x20 || c == '"' || c == '\\' ? String.format("\\u%04x", (int) c) : c);
    }
    return out.toString();
  }

  private static Plan plan(String file) {
    try {
      return new RunbookCompiler(RunbookLibrary.EMPTY)
          .compile(file, Files.readString(Path.of(file)))
          .planOrThrow();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
