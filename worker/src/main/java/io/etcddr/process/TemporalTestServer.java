package io.etcddr.process;

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

  private TemporalTestServer(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts it on {@code port} and waits until the port answers. */
  public static TemporalTestServer start(int port, Path log)
      throws IOException, InterruptedException {
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
    TemporalTestServer server = new TemporalTestServer(process, port);
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
        throw new IOException(
            "the Temporal test server exited with "
                + process.exitValue()
                + " (port "
                + port
                + " in use?)");
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
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
