package io.etcddr.devserver;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The standalone Java Temporal test server (in-memory, real time) in its own JVM, the embedded
 * default of `etcd-dr dev`. It has no Schedules API and no visibility queries.
 */
public final class TemporalTestServer implements AutoCloseable {

  private final Process process;
  private final int port;
  private final Path log;

  private TemporalTestServer(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /**
   * Starts it on {@code port} and waits until the port answers. The port must be free: the process
   * binds every interface, and an open port alone would not tell it from another server already
   * there.
   *
   * @throws io.etcddr.config.BadSetting when the port is taken
   */
  public static TemporalTestServer start(int port, Path log)
      throws IOException, InterruptedException {
    try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
      probe.bind(new InetSocketAddress(port));
    } catch (java.net.BindException taken) {
      throw new io.etcddr.config.BadSetting(
          "127.0.0.1:" + port + " is in use (another Temporal server?): stop it or pass --port");
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder =
        new ProcessBuilder(
                List.of(
                    java,
                    "-Xmx384m",
                    "-XX:+UseSerialGC",
                    "-cp",
                    System.getProperty("java.class.path"),
                    "io.temporal.testserver.TestServer",
                    Integer.toString(port)))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    Process process = builder.start();
    TemporalTestServer server = new TemporalTestServer(process, port, log);
    server.awaitPort(Duration.ofSeconds(30));
    return server;
  }

  public long pid() {
    return process.pid();
  }

  private void awaitPort(Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw exited();
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        if (!process.isAlive()) {
          throw exited(); // someone else took the port meanwhile
        }
        return;
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    close();
    throw new IOException(
        "the Temporal test server did not open port "
            + port
            + " within "
            + timeout.toSeconds()
            + " s");
  }

  /** The process ended: its exit code and the first line of its log, which says why. */
  private IOException exited() {
    String first = "";
    try (var lines = java.nio.file.Files.lines(log)) {
      first = lines.filter(l -> !l.isBlank()).findFirst().orElse("");
    } catch (IOException unreadable) {
      first = "its log " + log + " could not be read";
    }
    return new IOException(
        "the Temporal test server on port "
            + port
            + " exited with "
            + process.exitValue()
            + (first.isEmpty() ? "" : ": " + first));
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
