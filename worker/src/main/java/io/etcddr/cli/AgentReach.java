package io.etcddr.cli;

import io.etcddr.activities.AgentEnvironment;
import io.etcddr.activities.docker.ContainerAllowList;
import io.etcddr.activities.docker.DockerEngine;
import io.etcddr.activities.host.AgentPaths;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** What a node's agent may reach: its root, allowed paths, Docker engine and containers. */
final class AgentReach {

  @Option(
      names = "--root",
      defaultValue = "/",
      description = "the folder this agent sees as / (the lab gives each node its own)")
  Path root;

  @Option(
      names = "--allow-path",
      split = ",",
      description =
          "node paths the agent may touch; a trailing * matches by prefix (default"
              + " /etc/kubernetes, /var/lib/etcd*, /opt/rke, /etc/rke, /tmp/etcd-dr*)")
  List<String> allowPaths;

  @Option(
      names = "--docker-host",
      defaultValue = "${env:DOCKER_HOST:-" + DockerEngine.DEFAULT_HOST + "}",
      description = "the node's Docker engine (env DOCKER_HOST; default ${DEFAULT-VALUE})")
  String dockerHost;

  @Option(
      names = "--containers",
      split = ",",
      description =
          "containers runbooks may drive, names or globs (default etcd, etcd-*,"
              + " kube-apiserver)")
  List<String> containers;

  @Option(
      names = "--rke",
      defaultValue = "rke",
      description = "the rke executable on the deploy node (default ${DEFAULT-VALUE} on PATH)")
  String rke;

  AgentEnvironment environment() {
    if (!dockerHost.startsWith("unix://") && !dockerHost.startsWith("tcp://")) {
      throw new UsageException(
          "--docker-host `" + dockerHost + "` must start with unix:// or tcp://");
    }
    return new AgentEnvironment(
        new AgentPaths(
            root.toAbsolutePath().normalize(),
            allowPaths == null ? AgentPaths.DEFAULT_ALLOWED : allowPaths),
        dockerHost,
        new ContainerAllowList(containers == null ? ContainerAllowList.DEFAULT : containers),
        rke);
  }
}
