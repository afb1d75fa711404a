package io.etcddr.activities.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.time.Duration;

/**
 * The node's Docker engine, reached over its Unix socket. Debian's dockerd 20.10 speaks API 1.41;
 * docker-java's unversioned paths suit it (a newer pinned version is refused, see docs/facts.md).
 */
public final class DockerEngine implements AutoCloseable {

  public static final String DEFAULT_HOST = "unix:///var/run/docker.sock";

  private final String host;
  private final DockerClient client;

  private DockerEngine(String host, DockerClient client) {
    this.host = host;
    this.client = client;
  }

  /**
   * @param host e.g. {@code unix:///var/run/docker.sock}
   */
  public static DockerEngine connect(String host) {
    DefaultDockerClientConfig config =
        DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(host).build();
    var http =
        new ZerodepDockerHttpClient.Builder()
            .dockerHost(config.getDockerHost())
            .connectionTimeout(Duration.ofSeconds(5))
            // Long enough for `docker stop` with a generous grace period and for image imports.
            .responseTimeout(Duration.ofMinutes(10))
            .build();
    return new DockerEngine(host, DockerClientImpl.getInstance(config, http));
  }

  public DockerClient client() {
    return client;
  }

  public String host() {
    return host;
  }

  @Override
  public void close() {
    try {
      client.close();
    } catch (java.io.IOException ignored) {
      // Closing a Unix-socket client releases nothing that outlives the process.
    }
  }

  @Override
  public String toString() {
    return "Docker engine at " + host;
  }
}
