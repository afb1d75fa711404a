package io.etcddr.activities;

import io.etcddr.activities.docker.ContainerAllowList;
import io.etcddr.activities.docker.DockerEngine;
import io.etcddr.activities.host.AgentPaths;
import io.etcddr.activities.store.SnapshotStores;
import java.nio.file.Path;

/**
 * What a node's agent may reach: its files (root and allowed paths), its Docker engine, the
 * containers on it that runbooks may drive, the `rke` binary (on the deploy node), and what it
 * needs to keep snapshots away from the cluster: the snapshot key and the store's credentials (host
 * paths, configured on the node, never in a runbook). A real node uses the defaults; the lab gives
 * each simulated node its own root and engine.
 *
 * @param s3Credentials an AWS shared credentials file, or null for the SDK's environment and ~/.aws
 */
public record AgentEnvironment(
    AgentPaths paths,
    String dockerHost,
    ContainerAllowList containers,
    String rkeBinary,
    Path snapshotKeyset,
    Path s3Credentials) {

  public AgentEnvironment {
    snapshotKeyset = snapshotKeyset == null ? SnapshotStores.DEFAULT_KEYSET : snapshotKeyset;
  }

  public static AgentEnvironment host() {
    return new AgentEnvironment(
        AgentPaths.HOST,
        DockerEngine.DEFAULT_HOST,
        new ContainerAllowList(ContainerAllowList.DEFAULT),
        "rke",
        null,
        null);
  }

  public SnapshotStores stores() {
    return new SnapshotStores(paths, snapshotKeyset, s3Credentials);
  }
}
