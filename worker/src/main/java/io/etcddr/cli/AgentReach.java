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
      defaultValue = "${env:ETCD_DR_RKE:-rke}",
      description = "the rke executable on the deploy node (env ETCD_DR_RKE; default rke on PATH)")
  String rke;

  @Option(
      names = "--snapshot-keyset",
      defaultValue = "${env:ETCD_DR_SNAPSHOT_KEYSET:-/etc/etcd-dr/snapshot-keyset.json}",
      description =
          "the key snapshots are encrypted with before they leave this node, a Tink keyset file"
              + " made by `etcd-dr snapshot-key create` (env ETCD_DR_SNAPSHOT_KEYSET; default"
              + " ${DEFAULT-VALUE})")
  Path snapshotKeyset;

  @Option(
      names = "--s3-credentials",
      defaultValue = "${env:ETCD_DR_S3_CREDENTIALS}",
      description =
          "an AWS credentials file for the snapshot store (env ETCD_DR_S3_CREDENTIALS; default:"
              + " AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or ~/.aws/credentials)")
  Path s3Credentials;

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
        rke,
        snapshotKeyset,
        s3Credentials);
  }
}
