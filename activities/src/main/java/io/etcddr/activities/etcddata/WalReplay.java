package io.etcddr.activities.etcddata;

import io.etcddr.activities.host.ChildProcesses;
import io.etcddr.activities.support.Heartbeats;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Brings a stopped member's backend up to date with its WAL: a member killed hard may have applied
 * writes that only its WAL holds. The member is started once on its own data dir, on free loopback
 * ports (plain HTTP: nothing leaves the node), until it has applied every entry its raft state
 * calls committed; then it is stopped gracefully, which commits the backend.
 *
 * <p>Without a leader the member never serves its client API (it cannot publish itself), so
 * progress is read from its metrics endpoint ({@code etcd_server_proposals_applied_total}) and the
 * target from raft's start-up line ({@code commit: N}).
 */
final class WalReplay {

  private static final Duration DEADLINE = Duration.ofSeconds(60);
  private static final Duration STABLE = Duration.ofSeconds(2);
  private static final Pattern COMMIT = Pattern.compile("newRaft .*commit: (\\d+)");
  private static final Pattern APPLIED =
      Pattern.compile("(?m)^etcd_server_proposals_applied_total (\\d+)");

  private WalReplay() {}

  static void run(Path etcd, Path dataDir, Path log) throws IOException, InterruptedException {
    String metrics = "http://127.0.0.1:" + freePort();
    Files.deleteIfExists(log);
    Process process =
        new ProcessBuilder(
                ChildProcesses.diesWithAgent(
                    List.of(
                        etcd.toString(),
                        "--name",
                        "etcd-dr-wal-replay",
                        "--data-dir",
                        dataDir.toString(),
                        "--listen-client-urls",
                        "http://127.0.0.1:" + freePort(),
                        "--advertise-client-urls",
                        "http://127.0.0.1:" + freePort(),
                        "--listen-peer-urls",
                        "http://127.0.0.1:" + freePort(),
                        "--listen-metrics-urls",
                        metrics)))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    try {
      awaitApplied(metrics + "/metrics", process, log);
    } finally {
      process.destroy(); // SIGTERM: etcd commits its backend on a graceful stop
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
    if (process.exitValue() != 0 && process.exitValue() != 143) {
      throw new IOException(
          "etcd exited with " + process.exitValue() + " after replaying its WAL; see " + log);
    }
  }

  private static void awaitApplied(String metrics, Process process, Path log)
      throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    long lastApplied = -1;
    long stableSince = System.nanoTime();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException(
            "etcd exited with " + process.exitValue() + " while replaying its WAL; see " + log);
      }
      OptionalLong applied = applied(http, metrics);
      OptionalLong commit = commit(log);
      if (applied.isPresent()) {
        Heartbeats.beat(
            "replaying WAL: applied "
                + applied.getAsLong()
                + (commit.isPresent() ? " of " + commit.getAsLong() : ""));
        if (commit.isPresent() && applied.getAsLong() >= commit.getAsLong()) {
          return;
        }
        if (applied.getAsLong() != lastApplied) {
          lastApplied = applied.getAsLong();
          stableSince = System.nanoTime();
        } else if (commit.isEmpty() && System.nanoTime() - stableSince > STABLE.toNanos()) {
          return; // no raft line to compare with: settled is done
        }
      }
      Thread.sleep(100);
    }
    throw new IOException(
        "the member did not apply its WAL within " + DEADLINE.toSeconds() + " s; see " + log);
  }

  private static OptionalLong applied(HttpClient http, String metrics) throws InterruptedException {
    try {
      String body =
          http.send(
                  HttpRequest.newBuilder(URI.create(metrics))
                      .timeout(Duration.ofSeconds(1))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      Matcher m = APPLIED.matcher(body);
      return m.find() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
    } catch (IOException notYet) {
      return OptionalLong.empty();
    }
  }

  private static OptionalLong commit(Path log) throws IOException {
    if (!Files.exists(log)) {
      return OptionalLong.empty();
    }
    Matcher m = COMMIT.matcher(Files.readString(log));
    return m.find() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
