package io.etcddr.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real S3 API server for tests: s3proxy (Maven Central's jar-with-dependencies, copied into
 * target/s3proxy by the build) in a JVM of its own, with its filesystem backend in a folder of the
 * test and AWS v4 signatures checked against one identity. Stopped by its process handle.
 */
public final class S3ProxyServer implements AutoCloseable {

  public static final String ACCESS_KEY = "etcd-dr-test";
  public static final String SECRET_KEY = "etcd-dr-test-secret-not-a-real-one";

  private final Process process;
  private final String endpoint;
  private final Path base;

  private S3ProxyServer(Process process, String endpoint, Path base) {
    this.process = process;
    this.endpoint = endpoint;
    this.base = base;
  }

  /** The jar the build copied, in this module or the activities module beside it. */
  public static Path jar() {
    Path here = Path.of("target", "s3proxy", "s3proxy.jar");
    return Files.exists(here)
        ? here
        : Path.of("..", "activities", "target", "s3proxy", "s3proxy.jar");
  }

  /** Starts it on {@code host} (a loopback address) with buckets under {@code dir}. */
  public static S3ProxyServer start(String host, Path dir)
      throws IOException, InterruptedException {
    Prerequisites.need().file(jar(), "s3proxy (mvn process-test-resources copies it)").orSkip();
    int port;
    try (ServerSocket free = new ServerSocket()) {
      free.bind(new InetSocketAddress(host, 0));
      port = free.getLocalPort();
    }
    Path base = Files.createDirectories(dir.resolve("buckets"));
    Path properties = dir.resolve("s3proxy.properties");
    String endpoint = "http://" + host + ":" + port;
    Files.writeString(
        properties,
        String.join(
            "\n",
            "s3proxy.endpoint=" + endpoint,
            "s3proxy.authorization=aws-v2-or-v4",
            "s3proxy.identity=" + ACCESS_KEY,
            "s3proxy.credential=" + SECRET_KEY,
            "jclouds.provider=filesystem",
            "jclouds.filesystem.basedir=" + base,
            ""));
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-jar",
                jar().toAbsolutePath().toString(),
                "--properties",
                properties.toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("s3proxy.log").toFile()))
            .start();
    S3ProxyServer server = new S3ProxyServer(process, endpoint, base);
    // jclouds starts slowly beside a busy lab on two cores: allow a minute.
    for (int i = 0; i < 600; i++) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(host, port), 200);
        return server;
      } catch (IOException notYet) {
        if (!process.isAlive()) {
          break;
        }
        Thread.sleep(100);
      }
    }
    server.close();
    List<String> log = Files.readAllLines(dir.resolve("s3proxy.log"));
    throw new IOException(
        "s3proxy did not start within 60 s; its log ends: "
            + String.join(" | ", log.subList(Math.max(0, log.size() - 5), log.size())));
  }

  public String endpoint() {
    return endpoint;
  }

  /** Creates a bucket: a folder of the filesystem backend. */
  public void createBucket(String bucket) throws IOException {
    Files.createDirectories(base.resolve(bucket));
  }

  /** Where the backend keeps an object: for tests that tamper with one. */
  public Path objectFile(String bucket, String key) {
    return base.resolve(bucket).resolve(key);
  }

  /** An AWS shared credentials file for this server, as an agent's --s3-credentials. */
  public Path credentialsFile(Path dir) throws IOException {
    return Files.writeString(
        dir.resolve("s3-credentials"),
        "[default]\naws_access_key_id = "
            + ACCESS_KEY
            + "\naws_secret_access_key = "
            + SECRET_KEY
            + "\n");
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
