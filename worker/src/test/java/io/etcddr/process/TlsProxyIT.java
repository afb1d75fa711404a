package io.etcddr.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.etcddr.cli.CliRun;
import io.etcddr.devserver.TemporalTestServer;
import io.etcddr.testing.LoopbackExtension;
import io.etcddr.testing.Prerequisites;
import io.etcddr.testing.TestPki;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * mTLS to Temporal against a real TLS endpoint: Debian's nginx terminates TLS in front of the
 * Temporal server process (grpc_pass, client certificates verified against a test CA), and a
 * worker, an agent and the CLI connect through it with their certificates (RKE-style PKCS#1 keys)
 * and do a run. A certificate from another CA, or none, is refused in one line.
 */
class TlsProxyIT {

  @RegisterExtension static final LoopbackExtension LOOPBACK = new LoopbackExtension();

  @TempDir Path dir;

  @Test
  void workerAgentAndCliRunThroughAnMtlsProxyAndAStrangerIsRefused() throws Exception {
    Prerequisites.need().onPath("nginx").orSkip();
    TestPki pki = TestPki.create(dir.resolve("pki"), "temporal-ca");
    String proxyHost = LOOPBACK.address(0);
    TestPki.Issued server = pki.issue("proxy", proxyHost);
    TestPki.Issued client = pki.issue("client", LOOPBACK.address(1));
    TestPki.Issued stranger =
        TestPki.create(dir.resolve("other"), "other-ca").issue("client", LOOPBACK.address(1));

    int temporalPort = FreePort.on("127.0.0.1");
    int proxyPort = FreePort.on(proxyHost);
    String proxy = proxyHost + ":" + proxyPort;
    Path clusters = TestInventory.write(dir.resolve("clusters"), List.of("tls"), List.of("n1"));
    Path log = dir.resolve("processes.log");
    try (TemporalTestServer temporal = TemporalTestServer.start(temporalPort, log)) {
      SearchAttributeRegistration.register("127.0.0.1:" + temporalPort, "default");
      Process nginx = nginx(proxy, temporalPort, server, pki.caCert());
      try {
        awaitPort(proxyHost, proxyPort);
        String[] tls = tls(client, pki.caCert());
        try (EtcdDrProcess worker =
                EtcdDrProcess.start(
                    log,
                    with(
                        tls,
                        "worker",
                        "--address",
                        proxy,
                        "--library",
                        "../runbooks",
                        "--clusters",
                        clusters.toString(),
                        "--split-brain-check",
                        "off"));
            EtcdDrProcess agent =
                EtcdDrProcess.start(
                    log,
                    with(
                        tls,
                        "agent",
                        "--node",
                        "n1",
                        "--address",
                        proxy,
                        "--clusters",
                        clusters.toString()))) {
          worker.awaitSaid(log, "pid " + worker.pid() + ")", Duration.ofMinutes(2));
          String out =
              CliRun.succeeding(
                  with(
                      tls,
                      "run",
                      "clock-check",
                      "--set",
                      "nodes=n1",
                      "--follow",
                      "--worker-wait",
                      "2m",
                      "--address",
                      proxy,
                      "--library",
                      "../runbooks",
                      "--clusters",
                      clusters.toString()));
          assertThat(out).contains("run completed");
          assertThat(worker.alive()).isTrue();
          assertThat(agent.alive()).isTrue();
        }

        CliRun refused =
            CliRun.of(
                with(tls(stranger, pki.caCert()), "status", "clock-check/x", "--address", proxy));
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err().strip())
            .startsWith("etcd-dr: Temporal at " + proxy + " refused this client's certificate")
            .doesNotContain("\n");
        CliRun anonymous =
            CliRun.of(
                "status", "clock-check/x", "--address", proxy, "--tls-ca", pki.caCert().toString());
        assertThat(anonymous.exitCode()).isEqualTo(1);
        assertThat(anonymous.err().strip())
            .startsWith("etcd-dr: Temporal at " + proxy + " refused this client's certificate")
            .doesNotContain("\n");
      } finally {
        nginx.destroy();
        if (!nginx.waitFor(10, TimeUnit.SECONDS)) {
          nginx.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      }
    }
  }

  /** nginx in the foreground, one process, everything under this test's folder. */
  private Process nginx(String listen, int temporalPort, TestPki.Issued cert, Path ca)
      throws Exception {
    Path home = Files.createDirectories(dir.resolve("nginx"));
    Files.createDirectories(home.resolve("tmp"));
    String conf =
        String.join(
            "\n",
            "daemon off;",
            "master_process off;",
            "pid " + home.resolve("nginx.pid") + ";",
            "error_log " + home.resolve("error.log") + " info;",
            "events { worker_connections 128; }",
            "http {",
            "  access_log " + home.resolve("access.log") + ";",
            "  client_body_temp_path " + home.resolve("tmp") + ";",
            "  proxy_temp_path " + home.resolve("tmp") + ";",
            "  fastcgi_temp_path " + home.resolve("tmp") + ";",
            "  uwsgi_temp_path " + home.resolve("tmp") + ";",
            "  scgi_temp_path " + home.resolve("tmp") + ";",
            "  server {",
            "    listen " + listen + " ssl http2;",
            "    ssl_certificate " + cert.cert() + ";",
            "    ssl_certificate_key " + cert.key() + ";",
            "    ssl_client_certificate " + ca + ";",
            "    ssl_verify_client on;",
            // Temporal's long polls last a minute: let them.
            "    grpc_read_timeout 300s;",
            "    grpc_send_timeout 300s;",
            "    client_body_timeout 300s;",
            "    location / { grpc_pass grpc://127.0.0.1:" + temporalPort + "; }",
            "  }",
            "}",
            "");
    Path file = Files.writeString(home.resolve("nginx.conf"), conf);
    return new ProcessBuilder(
            "nginx",
            "-c",
            file.toString(),
            "-p",
            home.toString(),
            "-e",
            home.resolve("error.log").toString())
        .redirectInput(new File("/dev/null"))
        .redirectErrorStream(true)
        .redirectOutput(home.resolve("stdout.log").toFile())
        .start();
  }

  private static String[] tls(TestPki.Issued identity, Path ca) {
    return new String[] {
      "--tls-cert",
      identity.cert().toString(),
      "--tls-key",
      identity.key().toString(),
      "--tls-ca",
      ca.toString()
    };
  }

  private static String[] with(String[] tls, String... command) {
    List<String> all = new ArrayList<>(List.of(command));
    all.addAll(List.of(tls));
    return all.toArray(String[]::new);
  }

  private static void awaitPort(String host, int port) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
    while (Instant.now().isBefore(deadline)) {
      try (java.net.Socket socket = new java.net.Socket(host, port)) {
        return;
      } catch (java.io.IOException notYet) {
        Thread.sleep(100);
      }
    }
    throw new AssertionError("nginx did not listen on " + host + ":" + port);
  }
}
