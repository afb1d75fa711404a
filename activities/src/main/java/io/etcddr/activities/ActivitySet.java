package io.etcddr.activities;

import io.etcddr.activities.cert.CertActivitiesImpl;
import io.etcddr.activities.docker.DockerActivitiesImpl;
import io.etcddr.activities.docker.DockerEngine;
import io.etcddr.activities.etcd.EtcdActivitiesImpl;
import io.etcddr.activities.etcd.EtcdBinaries;
import io.etcddr.activities.etcd.EtcdDataActivitiesImpl;
import io.etcddr.activities.host.AgentPaths;
import io.etcddr.activities.host.HostActivitiesImpl;
import io.etcddr.activities.inventory.ClusterInventory;
import io.etcddr.activities.inventory.InventoryActivitiesImpl;
import io.etcddr.activities.notify.NotifyActivitiesImpl;
import io.etcddr.activities.rke.RkeActivitiesImpl;
import java.time.Clock;
import java.util.List;

/**
 * Which activity implementations each process registers: the worker runs those that need only the
 * network (task queue {@code etcd-dr}); an agent runs the host work of its own node ({@code
 * etcd-dr@<node>}). Placement must agree with the catalog; a test checks it.
 */
public final class ActivitySet {

  private ActivitySet() {}

  public static List<Object> forWorker(ClusterInventory inventory) {
    return List.of(
        new NotifyActivitiesImpl(),
        new EtcdActivitiesImpl(inventory),
        new InventoryActivitiesImpl(inventory));
  }

  public static List<Object> forAgent(AgentEnvironment node, ClusterInventory inventory) {
    AgentPaths paths = node.paths();
    DockerEngine docker = DockerEngine.connect(node.dockerHost());
    return List.of(
        new HostActivitiesImpl(Clock.systemUTC(), paths),
        new CertActivitiesImpl(paths, Clock.systemUTC()),
        new EtcdDataActivitiesImpl(
            paths, EtcdBinaries.find(), new EtcdActivitiesImpl(inventory), docker),
        new DockerActivitiesImpl(docker, node.containers(), paths),
        new RkeActivitiesImpl(paths, inventory, node.rkeBinary()));
  }
}
