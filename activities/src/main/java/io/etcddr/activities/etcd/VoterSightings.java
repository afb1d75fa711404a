package io.etcddr.activities.etcd;

import io.etcddr.activities.cluster.ClusterRecords;
import io.etcddr.cluster.VoterSighting;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps, in the cluster's record, the voters' revision each time a status sees them with quorum —
 * at most once every {@link #EVERY} per cluster, so the record's history grows by a bounded rate
 * (and is carried over by continue-as-new). A record that cannot be written costs the sighting,
 * never the status.
 */
final class VoterSightings {

  static final Duration EVERY = Duration.ofSeconds(5);
  private static final Logger LOG = LoggerFactory.getLogger(VoterSightings.class);

  private final ClusterRecords records;
  private final Clock clock;
  private final Map<String, Long> lastKept = new ConcurrentHashMap<>();

  VoterSightings(ClusterRecords records) {
    this(records, Clock.systemUTC());
  }

  VoterSightings(ClusterRecords records, Clock clock) {
    this.records = records;
    this.clock = clock;
  }

  void saw(String cluster, ClusterHealth health) {
    if (!health.quorum() || health.generation() == 0 || health.clusterId().isEmpty()) {
      return;
    }
    long now = clock.millis();
    Long last = lastKept.get(cluster);
    if (last != null && now - last < EVERY.toMillis()) {
      return;
    }
    long revision =
        health.members().stream()
            .filter(EndpointStatus::answeringVoter)
            .filter(m -> m.revision() != null)
            .mapToLong(EndpointStatus::revision)
            .max()
            .orElse(health.revision());
    try {
      records.sawVoters(cluster, new VoterSighting(health.clusterId(), revision, now));
      lastKept.put(cluster, now);
    } catch (RuntimeException e) {
      LOG.warn("cluster {}: the voters' revision was not recorded: {}", cluster, e.getMessage());
    }
  }
}
