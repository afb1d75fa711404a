package io.etcddr.api;

import io.etcddr.activities.inventory.ClusterInventory;
import io.etcddr.activities.record.ClusterRecords;
import io.etcddr.activities.record.TemporalClusterRecords;
import io.etcddr.connect.TemporalConnection;
import io.etcddr.contract.etcd.ClusterHealth;
import io.etcddr.http.ApiResponse;
import io.etcddr.http.Route;
import io.etcddr.metrics.WorkerMetrics;
import io.etcddr.people.Users;
import io.etcddr.runs.Incidents;
import io.etcddr.runs.LibraryPlans;
import io.etcddr.runs.RunControl;
import io.etcddr.runs.RunStarter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** The worker's HTTP API: its routes, wired to Temporal, the runbook library and the metrics. */
public final class HttpApi {

  private HttpApi() {}

  /**
   * @param codecOrigin the Temporal Web UI's origin allowed to call the codec endpoints from the
   *     browser, or null
   * @param users the people who approve with a personal token or client certificate, or null
   */
  public static ApiServer start(
      InetSocketAddress address,
      ApiTls tls,
      ApiToken token,
      TemporalConnection temporal,
      Path library,
      ClusterInventory inventory,
      WorkerMetrics metrics,
      Function<String, Optional<ClusterHealth>> health,
      String codecOrigin,
      Users users) {
    RunStarter starter = new RunStarter(temporal, inventory);
    RunControl control = new RunControl(temporal);
    ClusterRecords records = new TemporalClusterRecords(temporal.client());
    RunsApi runs = new RunsApi(() -> LibraryPlans.read(library), starter, control, users);
    AlertsApi alerts =
        new AlertsApi(
            () -> LibraryPlans.read(library).plans(),
            (plan, inputs) -> starter.start(plan, inputs, null),
            new Incidents(records, control::outcome),
            metrics.registry());
    ClustersApi clusters = new ClustersApi(records, inventory);
    DiscoveryApi discovery = new DiscoveryApi(inventory, health);
    List<Route> routes =
        new java.util.ArrayList<>(routes(runs, alerts, clusters, discovery, metrics));
    routes.addAll(
        new io.etcddr.console.Console(
                control,
                () -> LibraryPlans.read(library),
                inventory,
                records,
                health,
                users,
                temporal.options().uiUrl())
            .routes());
    CodecApi codec = new CodecApi(temporal.codec());
    routes.add(Route.of("POST", "/codec/encode", codec::encode));
    routes.add(Route.of("POST", "/codec/decode", codec::decode));
    return ApiServer.start(address, tls, token, users, routes, new CrossOrigin(codecOrigin));
  }

  /** An agent's: `/healthz` and `/metrics` only (its activities' metrics from the SDK). */
  public static ApiServer startForAgent(
      InetSocketAddress address, ApiTls tls, ApiToken token, WorkerMetrics metrics) {
    return ApiServer.start(address, tls, token, List.of(health(), metrics(metrics)));
  }

  static List<Route> routes(
      RunsApi runs,
      AlertsApi alerts,
      ClustersApi clusters,
      DiscoveryApi discovery,
      WorkerMetrics metrics) {
    return List.of(
        health(),
        metrics(metrics),
        Route.of("POST", "/v1/alerts/alertmanager", alerts::receive),
        Route.of("POST", "/v1/runs", runs::start),
        Route.of("POST", "/v1/runs/{id}/approve", runs::approve),
        Route.of("POST", "/v1/runs/{id}/abort", runs::abort),
        Route.of("GET", "/v1/runs/{id}", runs::status),
        Route.of("GET", "/v1/clusters/{name}", clusters::show),
        Route.of("GET", "/v1/sd/etcd", discovery::etcd));
  }

  private static Route health() {
    return Route.open("GET", "/healthz", r -> ApiResponse.json(200, Map.of("status", "ok")));
  }

  private static Route metrics(WorkerMetrics metrics) {
    return Route.of(
        "GET",
        "/metrics",
        r -> ApiResponse.text(200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape()));
  }

  /** `--http`: {@code HOST:PORT}, or {@code :PORT} for every interface (as Go tools read it). */
  public static InetSocketAddress address(String text) {
    int colon = text.lastIndexOf(':');
    try {
      int port = Integer.parseInt(text.substring(colon + 1));
      if (colon < 0) {
        throw new IllegalArgumentException("no colon");
      }
      return colon == 0
          ? new InetSocketAddress(port)
          : new InetSocketAddress(text.substring(0, colon), port);
    } catch (IllegalArgumentException e) {
      throw new io.etcddr.config.BadSetting(
          "--http "
              + text
              + ": write HOST:PORT, e.g. 127.0.0.1:8080, or :8080 for every interface");
    }
  }
}
