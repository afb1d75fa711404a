package io.etcddr.cli;

import io.etcddr.api.ApiServer;
import io.etcddr.api.ApiToken;
import io.etcddr.api.HttpApi;
import io.etcddr.connect.TemporalConnection;
import io.etcddr.metrics.WorkerMetrics;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** `--http` and its bearer token, for the commands that serve the HTTP API. */
final class HttpOptions {

  @Option(
      names = "--http",
      paramLabel = "ADDR",
      description =
          "serve the HTTP API (Alertmanager webhook, runs, /metrics; an agent: /healthz and"
              + " /metrics only) on HOST:PORT, or :PORT for every interface")
  String address;

  @Option(
      names = "--api-token-file",
      paramLabel = "FILE",
      defaultValue = "${env:ETCD_DR_API_TOKEN_FILE}",
      description =
          "file holding the API's bearer token (env ETCD_DR_API_TOKEN_FILE; or the token itself in"
              + " ETCD_DR_API_TOKEN)")
  Path tokenFile;

  /** The configured token; {@code fallback} (may be null) is where `dev` keeps one it made. */
  ApiToken token(Path fallback) {
    if (tokenFile != null) {
      return ApiToken.fromFile(tokenFile);
    }
    String fromEnv = System.getenv("ETCD_DR_API_TOKEN");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return ApiToken.of(fromEnv);
    }
    if (fallback != null) {
      tokenFile = fallback;
      return ApiToken.createIn(fallback);
    }
    throw new UsageException(
        "the HTTP API needs a bearer token; give --api-token-file FILE or set ETCD_DR_API_TOKEN");
  }

  ApiServer start(
      String address,
      ApiToken token,
      TemporalConnection temporal,
      Path library,
      Path clusters,
      WorkerMetrics metrics) {
    return HttpApi.start(
        HttpApi.address(address),
        token,
        temporal,
        library,
        new io.etcddr.activities.inventory.ClusterInventory(clusters),
        metrics);
  }

  /** Says where the API listens and where its token is (never the token). */
  void announce(ApiServer api, PrintWriter out) {
    out.println(
        "  HTTP API on http://"
            + api.address().getHostString()
            + ":"
            + api.address().getPort()
            + " (bearer token "
            + (tokenFile == null ? "from ETCD_DR_API_TOKEN" : "in " + tokenFile)
            + "; /healthz, /metrics, /v1/runs, /v1/alerts/alertmanager)");
  }
}
