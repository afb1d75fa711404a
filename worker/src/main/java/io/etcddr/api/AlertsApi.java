package io.etcddr.api;

import io.etcddr.runbook.compile.Plan;
import io.etcddr.runs.RunStarter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * `POST /v1/alerts/alertmanager`: firing alerts start the runbooks whose triggers match them; a run
 * already going for that runbook and cluster is returned instead of a new one (Alertmanager resends
 * on `repeat_interval`). Resolved alerts are logged and counted, never acted on: only an operator
 * ends a failover.
 */
final class AlertsApi {

  /** Starts a run, or attaches to the one already running for the same runbook and cluster. */
  @FunctionalInterface
  interface Launcher {
    RunStarter.Started start(Plan plan, Map<String, Object> inputs);
  }

  private static final Logger LOG = LoggerFactory.getLogger(AlertsApi.class);

  private final Supplier<List<Plan>> plans;
  private final Launcher launcher;
  private final MeterRegistry metrics;

  AlertsApi(Supplier<List<Plan>> plans, Launcher launcher, MeterRegistry metrics) {
    this.plans = plans;
    this.launcher = launcher;
    this.metrics = metrics;
  }

  ApiResponse receive(ApiRequest request) {
    AlertmanagerMessage message = AlertmanagerMessage.parse(request.body());
    List<Map<String, Object>> runs = new ArrayList<>();
    List<Map<String, Object>> recorded = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    List<Plan> library = null;
    for (AlertmanagerMessage.Alert alert : message.alerts()) {
      if (!alert.firing()) {
        LOG.info("alert {} resolved ({}); recorded, nothing to do", alert.name(), alert.labels());
        count(alert, "recorded");
        recorded.add(describe(alert, "resolved: recorded, not acted on"));
        continue;
      }
      if (library == null) {
        library = plans.get();
      }
      List<AlertRouting.Routed> routed = AlertRouting.route(library, alert);
      if (routed.isEmpty()) {
        LOG.info(
            "alert {} firing ({}): no runbook's trigger matches", alert.name(), alert.labels());
        count(alert, "unmatched");
        recorded.add(describe(alert, "no runbook's trigger matches its labels"));
      }
      for (AlertRouting.Routed route : routed) {
        if (route.problem() != null) {
          LOG.warn("alert {} firing: {}", alert.name(), route.problem());
          count(alert, "invalid");
          problems.add(alert.name() + " → " + route.problem());
          continue;
        }
        RunStarter.Started started = launcher.start(route.plan(), route.inputs());
        LOG.info(
            "alert {} firing: {} {} as {}",
            alert.name(),
            started.attached() ? "attached to the running" : "started",
            route.plan().runbook(),
            started.workflowId());
        count(alert, started.attached() ? "attached" : "started");
        runs.add(run(alert, route.plan(), started));
      }
    }
    if (runs.isEmpty() && !problems.isEmpty()) {
      throw ApiException.badRequest(String.join("; ", problems));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("runs", runs);
    body.put("recorded", recorded);
    body.put("problems", problems);
    return ApiResponse.json(202, body);
  }

  private static Map<String, Object> run(
      AlertmanagerMessage.Alert alert, Plan plan, RunStarter.Started started) {
    Map<String, Object> run = describe(alert, started.attached() ? "attached" : "started");
    run.put("runbook", plan.runbook());
    run.put("workflowId", started.workflowId());
    run.put("runId", started.runId());
    if (started.link() != null) {
      run.put("link", started.link());
    }
    return run;
  }

  private static Map<String, Object> describe(AlertmanagerMessage.Alert alert, String outcome) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("alert", alert.name());
    if (alert.fingerprint() != null) {
      out.put("fingerprint", alert.fingerprint());
    }
    out.put("outcome", outcome);
    return out;
  }

  private void count(AlertmanagerMessage.Alert alert, String outcome) {
    metrics
        .counter(
            "etcd_dr_alerts",
            "alertname",
            alert.name(),
            "status",
            alert.status(),
            "outcome",
            outcome)
        .increment();
  }
}
