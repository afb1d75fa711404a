package io.etcddr.activities;

import io.etcddr.activities.docker.ContainerAllowList;
import io.etcddr.activities.docker.DockerEngine;
import io.etcddr.activities.host.AgentPaths;

/**
 * What a node's agent may reach: its files (root and allowed paths), its Docker engine, the
 * containers on it that runbooks may drive, and the `rke` binary (on the deploy node). A real node
 * uses the defaults; the lab gives each simulated node its own root and engine.
 */
public record AgentEnvironment(
    AgentPaths paths, String dockerHost, ContainerAllowList containers, String rkeBinary) {

  public static AgentEnvironment host() {
    return new AgentEnvironment(
        AgentPaths.HOST,
        DockerEngine.DEFAULT_HOST,
        new ContainerAllowList(ContainerAllowList.DEFAULT),
        "rke");
  }
}
