package io.etcddr.cli;

import io.etcddr.api.ApiServer;
import io.etcddr.api.ApiTls;
import io.etcddr.api.ApiToken;
import io.etcddr.api.HttpApi;
import io.etcddr.connect.TemporalConnection;
import io.etcddr.contract.etcd.ClusterHealth;
import io.etcddr.metrics.WorkerMetrics;
import io.etcddr.people.Users;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
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

  @Option(
      names = "--http-tls-cert",
      paramLabel = "FILE",
      defaultValue = "${env:ETCD_DR_HTTP_TLS_CERT}",
      description =
          "serve HTTPS with this PEM certificate chain, leaf first (env ETCD_DR_HTTP_TLS_CERT; with"
              + " --http-tls-key)")
  Path tlsCert;

  @Option(
      names = "--http-tls-key",
      paramLabel = "FILE",
      defaultValue = "${env:ETCD_DR_HTTP_TLS_KEY}",
      description = "the PEM private key of --http-tls-cert (env ETCD_DR_HTTP_TLS_KEY)")
  Path tlsKey;

  @Option(
      names = "--http-tls-client-ca",
      paramLabel = "FILE",
      defaultValue = "${env:ETCD_DR_HTTP_TLS_CLIENT_CA}",
      description =
          "require client certificates signed by these PEM CAs (env ETCD_DR_HTTP_TLS_CLIENT_CA);"
              + " the bearer token is still required")
  Path tlsClientCa;

  @Option(
      names = "--codec-cors-origin",
      paramLabel = "URL",
      defaultValue = "${env:ETCD_DR_CODEC_CORS_ORIGIN}",
      description =
          "the Temporal Web UI's origin (e.g. https://temporal-ui.example:8080) that may call"
              + " /codec/encode and /codec/decode from the browser (env ETCD_DR_CODEC_CORS_ORIGIN)")
  String codecCorsOrigin;

  @Option(
      names = "--users",
      paramLabel = "FILE",
      defaultValue = "${env:ETCD_DR_USERS}",
      description =
          "the people who approve with a personal token or client certificate, and their roles"
              + " (etcd-dr user add); approvals that ask for people, roles or approvers count only"
              + " them (env ETCD_DR_USERS)")
  Path usersFile;

  private ApiTls tls;

  /** The users file, or null when none is given. */
  Users users() {
    return usersFile == null ? null : new Users(usersFile);
  }

  /** The users file, or {@code fallback} where `dev` keeps one (people added with `user add`). */
  Users users(Path fallback) {
    if (usersFile == null) {
      usersFile = fallback;
    }
    return users();
  }

  /**
   * HTTPS when a certificate, key or client CA is given, else null (plain HTTP). Loaded once: call
   * it before connecting to Temporal so that a bad file fails the start at once.
   */
  ApiTls tls() {
    if (tls == null && (tlsCert != null || tlsKey != null || tlsClientCa != null)) {
      tls = ApiTls.load(tlsCert, tlsKey, tlsClientCa);
    }
    return tls;
  }

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
      WorkerMetrics metrics,
      Function<String, Optional<ClusterHealth>> health) {
    return HttpApi.start(
        HttpApi.address(address),
        tls(),
        token,
        temporal,
        library,
        new io.etcddr.activities.inventory.ClusterInventory(clusters),
        metrics,
        health,
        codecCorsOrigin,
        users());
  }

  /** Says where the API listens and where its token is (never the token). */
  void announce(ApiServer api, PrintWriter out) {
    out.println(
        "  HTTP API on "
            + api.url()
            + " (bearer token "
            + (tokenFile == null ? "from ETCD_DR_API_TOKEN" : "in " + tokenFile)
            + "; /healthz, /metrics, /v1/runs, /v1/alerts/alertmanager)");
    if (usersFile != null) {
      out.println(
          "  people who approve: "
              + usersFile
              + " (etcd-dr user add NAME --role sre --users "
              + usersFile
              + ")");
    }
  }
}
