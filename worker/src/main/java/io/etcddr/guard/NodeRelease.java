package io.etcddr.guard;

import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import io.etcddr.activities.docker.DockerEngine;
import io.etcddr.activities.fence.BootHold;
import io.etcddr.activities.fence.SelfFence;
import io.etcddr.activities.host.AgentPaths;
import io.etcddr.activities.inventory.Cluster;
import io.etcddr.activities.inventory.ClusterInventory;
import io.etcddr.activities.record.ClusterRecords;
import io.etcddr.contract.cluster.Release;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * `fence-check --release`: an operator who knows better lets a held node serve again — its data dir
 * held at boot put back, its self-fence ended (restart policies as they were, etcd then
 * kube-apiserver started). Every release is written to the node's own log and, when Temporal
 * answers, to the cluster's record.
 */
public final class NodeRelease {

  private final String node;
  private final ClusterInventory inventory;
  private final ClusterRecords records;
  private final AgentPaths paths;
  private final DockerEngine engine;
  private final String by;

  public NodeRelease(
      String node,
      ClusterInventory inventory,
      ClusterRecords records,
      AgentPaths paths,
      DockerEngine engine,
      String by) {
    this.node = node;
    this.inventory = inventory;
    this.records = records;
    this.paths = paths;
    this.engine = engine;
    this.by = by;
  }

  /** One line per thing released, and where it was recorded. */
  public List<String> release() throws Exception {
    List<String> done = new ArrayList<>();
    List<String> clusters = new ArrayList<>();
    for (String name : inventory.names()) {
      Optional<Cluster> cluster = inventory.find(name);
      if (cluster.isEmpty() || cluster.get().node(node).isEmpty()) {
        continue;
      }
      clusters.add(name);
      String dataDir = cluster.get().dataDir();
      Optional<BootHold> hold = BootHold.at(paths, dataDir);
      if (hold.isPresent() && BootHold.release(paths, dataDir)) {
        done.add(
            "cluster "
                + name
                + ": "
                + dataDir
                + " put back from "
                + hold.get().held()
                + " (boot hold ended)");
      }
    }
    SelfFence fence = new SelfFence(paths, engine);
    if (fence.held().isPresent()) {
      done.add("self-fence ended: started " + fence.release() + ", restart policies as before");
    } else if (!done.isEmpty()) {
      done.add("etcd " + (restartEtcd() ? "started" : "was not there to start"));
    }
    if (done.isEmpty()) {
      return List.of(node + " holds nothing: nothing to release");
    }
    String what = String.join("; ", done);
    Path log = paths.resolve("/var/lib/etcd-dr/releases.log");
    Files.createDirectories(log.getParent());
    Files.writeString(
        log,
        java.time.Instant.now() + " " + by + " released " + node + ": " + what + "\n",
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
    done.add("recorded in " + paths.toNode(log));
    for (String cluster : clusters) {
      try {
        records.recordRelease(cluster, new Release(node, by, what, System.currentTimeMillis()));
        done.add("recorded in the record of cluster " + cluster);
      } catch (RuntimeException unreachable) {
        done.add("not recorded in the record of " + cluster + " (Temporal does not answer)");
      }
    }
    return done;
  }

  /** The etcd container restarted on its data dir put back; false when there is none. */
  private boolean restartEtcd() {
    try {
      engine.client().restartContainerCmd("etcd").withTimeout(5).exec();
      return true;
    } catch (NotFoundException | NotModifiedException | IllegalStateException absent) {
      return false;
    } catch (RuntimeException engineDown) {
      return false;
    }
  }
}
