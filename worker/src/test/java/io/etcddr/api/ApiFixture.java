package io.etcddr.api;

import io.etcddr.activities.AgentEnvironment;
import io.etcddr.activities.inventory.ClusterInventory;
import io.etcddr.connect.TemporalConnection;
import io.etcddr.connect.TemporalOptions;
import io.etcddr.devserver.TemporalTestServer;
import io.etcddr.metrics.WorkerMetrics;
import io.etcddr.people.Users;
import io.etcddr.process.FreePort;
import io.etcddr.process.SearchAttributeRegistration;
import io.etcddr.process.TestInventory;
import io.etcddr.process.WorkerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A real Temporal server process, a real worker (agent of node n1 too) and the HTTP API over them,
 * with the test runbooks gated-failover and two-people-failover, a users file of three people, and
 * an inventory of the given clusters (node n1 each).
 */
final class ApiFixture implements AutoCloseable {

  final String token = "api-it-" + Long.toHexString(System.nanoTime());
  final TemporalTestServer server;
  final String address;
  final WorkerMetrics metrics = new WorkerMetrics();
  final TemporalConnection temporal;
  final WorkerProcess worker;
  final ApiServer api;
  final ApiClient client;

  /** The people of the users file (alice and bob: sre, carol: dba) and their personal tokens. */
  final Users users;

  final java.util.Map<String, String> tokens = new java.util.HashMap<>();

  ApiFixture(Path dir, String host, List<String> clusters) throws Exception {
    this(dir, host, clusters, null, null);
  }

  /**
   * @param keyset the payload keyset every client and the worker encrypt with, or null
   * @param codecOrigin the browser origin allowed to call the codec endpoints, or null
   */
  ApiFixture(Path dir, String host, List<String> clusters, Path keyset, String codecOrigin)
      throws Exception {
    Path library = Files.createDirectories(dir.resolve("library"));
    for (String runbook : List.of("gated-failover.yaml", "two-people-failover.yaml")) {
      Files.copy(Path.of("src/test/resources/api", runbook), library.resolve(runbook));
    }
    users = new Users(dir.resolve("people").resolve("users.yaml"));
    tokens.put("alice", users.add("alice", List.of("sre"), null));
    tokens.put("bob", users.add("bob", List.of("sre"), null));
    tokens.put("carol", users.add("carol", List.of("dba"), null));
    int port = FreePort.on("127.0.0.1");
    server = TemporalTestServer.start(port, dir.resolve("server.log"));
    address = "127.0.0.1:" + port;
    // As `etcd-dr dev` does: the test server cannot describe runs whose attributes it does not
    // know.
    SearchAttributeRegistration.register("127.0.0.1:" + port, "default");
    TemporalOptions options =
        TemporalOptions.plain("127.0.0.1:" + port)
            .withUi("http://127.0.0.1:8233")
            .withPayloadKeyset(keyset == null ? null : keyset.toString());
    temporal = TemporalConnection.open(options, metrics.temporalScope());
    Path inventory = TestInventory.write(dir.resolve("clusters"), clusters, List.of("n1"));
    worker =
        WorkerProcess.start(
            temporal.client(),
            true,
            List.of("n1"),
            library,
            inventory,
            AgentEnvironment.host(),
            users);
    api =
        HttpApi.start(
            HttpApi.address(host + ":0"),
            null,
            ApiToken.of(token),
            temporal,
            library,
            new ClusterInventory(inventory),
            metrics,
            cluster -> java.util.Optional.empty(),
            codecOrigin,
            users);
    client = new ApiClient("http://" + host + ":" + api.address().getPort(), token);
  }

  @Override
  public void close() {
    for (AutoCloseable part : new AutoCloseable[] {api, worker, temporal, metrics, server}) {
      try {
        if (part != null) {
          part.close();
        }
      } catch (Exception e) {
        System.err.println("stopping " + part + ": " + e);
      }
    }
  }
}
