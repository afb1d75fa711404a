package io.etcddr.activities;

import io.etcddr.activities.cert.CaKeyActivitiesImpl;
import io.etcddr.activities.cert.CertActivitiesImpl;
import io.etcddr.activities.cluster.ClusterActivitiesImpl;
import io.etcddr.activities.docker.DockerActivitiesImpl;
import io.etcddr.activities.docker.DockerEngine;
import io.etcddr.activities.etcd.EtcdActivitiesImpl;
import io.etcddr.activities.etcd.EtcdClusters;
import io.etcddr.activities.etcddata.EtcdBinaries;
import io.etcddr.activities.etcddata.EtcdDataActivitiesImpl;
import io.etcddr.activities.fence.FenceActivitiesImpl;
import io.etcddr.activities.fence.NodeFence;
import io.etcddr.activities.host.AgentPaths;
import io.etcddr.activities.host.HostActivitiesImpl;
import io.etcddr.activities.inventory.ClusterInventory;
import io.etcddr.activities.inventory.InventoryActivitiesImpl;
import io.etcddr.activities.notify.NotifyActivitiesImpl;
import io.etcddr.activities.preflight.PreflightActivitiesImpl;
import io.etcddr.activities.record.ClusterRecords;
import io.etcddr.activities.rke.RkeActivitiesImpl;
import io.etcddr.activities.store.StoreActivitiesImpl;
import java.time.Clock;
import java.util.List;

/**
 * Which activity implementations each process registers: the worker runs those that need only the
 * network (task queue {@code etcd-dr}); an agent runs the host work of its own node ({@code
 * etcd-dr@<node>}). Placement must agree with the catalog; a test checks it.
 */
public final class ActivitySet {

  private ActivitySet() {}

  /**
   * @param records the clusters' durable records (generations, fences), shared by every process
   */
  public static List<Object> forWorker(ClusterInventory inventory, ClusterRecords records) {
    EtcdActivitiesImpl etcd = new EtcdActivitiesImpl(new EtcdClusters(inventory, records));
    return withPreflights(
        List.of(
            new NotifyActivitiesImpl(),
            etcd,
            new ClusterActivitiesImpl(records, etcd),
            new InventoryActivitiesImpl(inventory)));
  }

  public static List<Object> forAgent(
      String nodeName, AgentEnvironment node, ClusterInventory inventory, ClusterRecords records) {
    AgentPaths paths = node.paths();
    DockerEngine docker = DockerEngine.connect(node.dockerHost());
    return withPreflights(
        List.of(
            new HostActivitiesImpl(Clock.systemUTC(), paths),
            new CertActivitiesImpl(paths, Clock.systemUTC()),
            new CaKeyActivitiesImpl(paths, node.stores(), Clock.systemUTC()),
            new EtcdDataActivitiesImpl(
                paths,
                EtcdBinaries.find(),
                new EtcdClusters(inventory, records),
                docker,
                node.stores()),
            new StoreActivitiesImpl(paths, node.stores(), Clock.systemUTC()),
            new DockerActivitiesImpl(docker, node.containers(), paths),
            new FenceActivitiesImpl(
                new NodeFence(paths, docker, node.containers()), nodeName, Clock.systemUTC()),
            new RkeActivitiesImpl(paths, inventory, node.rkeBinary())));
  }

  /**
   * The activities and their dry-run preflights, which must cover every one of them: a process with
   * an activity a dry run could not ask does not start.
   */
  private static List<Object> withPreflights(List<Object> activities) {
    List<Object> all = new java.util.ArrayList<>(activities);
    all.add(PreflightActivitiesImpl.covering(activities));
    return List.copyOf(all);
  }
}
