package io.etcddr.activities.etcddata;

import io.etcd.jetcd.Client;
import io.etcddr.activities.etcd.ClusterProbe;
import io.etcddr.activities.etcd.EtcdActivitiesImpl;
import io.etcddr.activities.etcd.EtcdClients;
import io.etcddr.activities.etcd.EtcdCluster;
import io.etcddr.activities.etcd.EtcdClusters;
import io.etcddr.activities.support.ActivityFailures;
import io.etcddr.contract.OneLine;
import io.etcddr.contract.etcd.ClusterHealth;
import io.etcddr.contract.etcd.EndpointStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Where `etcd.snapshot` takes its snapshot: a voter of the cluster's current generation (the given
 * endpoint, or the leader). Refused while a foreign cluster serves with quorum: a backup of the
 * wrong cluster, taken silently, is worse than none.
 */
final class SnapshotSource {

  private final EtcdClusters clusters;
  private final ClusterProbe probe;

  SnapshotSource(EtcdClusters clusters) {
    this.clusters = clusters;
    this.probe = new ClusterProbe(clusters.records());
  }

  /** The voter to snapshot, as the status saw it. */
  EndpointStatus choose(String clusterName, String endpoint) {
    EtcdCluster cluster = clusters.resolve(clusterName);
    ClusterHealth health = probe.status(cluster, EtcdActivitiesImpl.DEFAULT_TIMEOUT, true);
    if (health.splitBrain()) {
      throw ActivityFailures.precondition(health.splitBrainReason(clusterName));
    }
    if (endpoint != null) {
      health.foreign().stream()
          .filter(f -> f.endpoints().contains(endpoint))
          .findFirst()
          .ifPresent(
              f -> {
                throw ActivityFailures.precondition(
                    endpoint
                        + " answers as cluster ID "
                        + f.clusterId()
                        + ", not as cluster `"
                        + clusterName
                        + "` (cluster ID "
                        + health.clusterId()
                        + "); snapshot one of "
                        + health.reachable());
              });
    }
    EndpointStatus source =
        health.members().stream()
            .filter(
                m ->
                    m.reachable()
                        && (endpoint != null
                            ? m.endpoint().equals(endpoint)
                            : m.id() != null && m.id().equals(health.leader())))
            .findFirst()
            .orElseThrow(
                () ->
                    ActivityFailures.retryable(
                        endpoint == null
                            ? "no leader answers, so no voter can serve a snapshot"
                            : endpoint + " does not answer as a member of `" + clusterName + "`"));
    if (Boolean.TRUE.equals(source.isLearner())) {
      throw ActivityFailures.precondition(
          source.endpoint()
              + " is a learner, and etcd refuses snapshots from a learner (\"rpc not supported for"
              + " learner\"); snapshot a voter, or stop the learner and use etcd.copyBackend");
    }
    return source;
  }

  /**
   * Streams a snapshot of one endpoint into {@code out}; bounded, never etcdctl's endless retry.
   */
  void stream(String clusterName, String endpoint, OutputStream out) throws IOException {
    EtcdCluster cluster = clusters.resolve(clusterName);
    try (Client client = EtcdClients.connect(List.of(endpoint), cluster.tls())) {
      client.getMaintenanceClient().snapshot(out).get(30, TimeUnit.MINUTES);
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException("snapshot from " + endpoint + " failed: " + OneLine.rootCause(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted");
    }
  }
}
