package io.etcddr.api;

import io.etcddr.http.ApiException;
import io.etcddr.http.ApiRequest;
import io.etcddr.http.ApiResponse;
import io.etcddr.runbook.compile.Plan;
import io.etcddr.runs.Incidents;
import io.etcddr.runs.RunStarter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * `POST /v1/alerts/alertmanager`: firing alerts start the runbooks whose triggers match them. One
 * incident (runbook, cluster, fingerprint, startsAt) gets one run: Alertmanager resends on
 * `repeat_interval`, and every repeat is answered with that run and its outcome, also after it
 * ended; an alert older than the cluster's current generation starts nothing ({@link Incidents}).
 * Resolved alerts are logged and counted, never acted on: only an operator ends a failover.
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
  private final Incidents incidents;
  private final MeterRegistry metrics;

  AlertsApi(
      Supplier<List<Plan>> plans, Launcher launcher, Incidents incidents, MeterRegistry metrics) {
    this.plans = plans;
    this.launcher = launcher;
    this.incidents = incidents;
    this.metrics = metrics;
  }

  ApiResponse receive(ApiRequest request) {
    AlertmanagerMessage message = AlertmanagerMessage.parse(request.body());
    List<AlertAnswer.Entry> runs = new ArrayList<>();
    List<AlertAnswer.Entry> recorded = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    List<Plan> library = null;
    for (AlertmanagerMessage.Alert alert : message.alerts()) {
      if (!alert.firing()) {
        LOG.info("alert {} resolved ({}); recorded, nothing to do", alert.name(), alert.labels());
        count(alert, "recorded");
        recorded.add(AlertAnswer.Entry.recorded(alert, "resolved: recorded, not acted on"));
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
        recorded.add(AlertAnswer.Entry.recorded(alert, "no runbook's trigger matches its labels"));
      }
      for (AlertRouting.Routed route : routed) {
        if (route.problem() != null) {
          LOG.warn("alert {} firing: {}", alert.name(), route.problem());
          count(alert, "invalid");
          problems.add(alert.name() + " → " + route.problem());
          continue;
        }
        act(alert, route, runs, recorded, problems);
      }
    }
    if (runs.isEmpty() && !problems.isEmpty()) {
      throw ApiException.badRequest(String.join("; ", problems));
    }
    return ApiResponse.json(202, new AlertAnswer(runs, recorded, problems));
  }

  /** One incident, one run: a repeat gets the run the first notification got, running or ended. */
  private void act(
      AlertmanagerMessage.Alert alert,
      AlertRouting.Routed route,
      List<AlertAnswer.Entry> runs,
      List<AlertAnswer.Entry> recorded,
      List<String> problems) {
    Plan plan = route.plan();
    String fingerprint =
        alert.fingerprint() == null ? alert.labels().toString() : alert.fingerprint();
    Incidents.Decision decision =
        incidents.decide(plan, route.inputs(), fingerprint, alert.startsAt());
    if (decision instanceof Incidents.Known known) {
      count(alert, "attached");
      runs.add(
          entry(
              alert,
              plan,
              known.incident().workflowId(),
              known.incident().runId(),
              "attached",
              null,
              known.outcome()));
      return;
    }
    if (decision instanceof Incidents.AlreadyFailedOver done) {
      LOG.info(
          "alert {} firing for {}: {}", alert.name(), route.inputs().get("cluster"), done.reason());
      count(alert, "superseded");
      recorded.add(AlertAnswer.Entry.recorded(alert, done.reason()));
      return;
    }
    startNew(
        alert,
        plan,
        route.inputs(),
        fingerprint,
        ((Incidents.New) decision).cluster(),
        runs,
        problems);
  }

  /** Starts (or attaches to) the incident's run and records it; a concurrent first one may win. */
  private void startNew(
      AlertmanagerMessage.Alert alert,
      Plan plan,
      Map<String, Object> inputs,
      String fingerprint,
      String cluster,
      List<AlertAnswer.Entry> runs,
      List<String> problems) {
    RunStarter.Started started;
    try {
      started = launcher.start(plan, inputs);
    } catch (RunStarter.InputsRefused e) {
      LOG.warn("alert {} firing: {}", alert.name(), e.getMessage());
      count(alert, "invalid");
      problems.add(alert.name() + " → " + plan.runbook() + ": " + e.getMessage());
      return;
    }
    if (cluster != null) {
      var incident = incidents.record(cluster, plan, fingerprint, alert.startsAt(), started);
      if (!incident.runId().equals(started.runId())) {
        started =
            new RunStarter.Started(
                incident.workflowId(), incident.runId(), true, started.link(), null);
      }
    }
    String outcome = started.attached() ? "attached" : "started";
    LOG.info(
        "alert {} firing: {} {} as {}",
        alert.name(),
        outcome,
        plan.runbook(),
        started.workflowId());
    count(alert, outcome);
    runs.add(
        entry(alert, plan, started.workflowId(), started.runId(), outcome, started.link(), null));
  }

  private static AlertAnswer.Entry entry(
      AlertmanagerMessage.Alert alert,
      Plan plan,
      String workflowId,
      String runId,
      String outcome,
      String link,
      String runOutcome) {
    return new AlertAnswer.Entry(
        alert.name(),
        alert.fingerprint(),
        outcome,
        plan.runbook(),
        workflowId,
        runId,
        link,
        runOutcome);
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
