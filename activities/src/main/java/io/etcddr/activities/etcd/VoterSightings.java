package io.etcddr.activities.etcd;

import io.etcddr.activities.record.ClusterRecords;
import io.etcddr.contract.cluster.VoterSighting;
import io.etcddr.contract.etcd.ClusterHealth;
import io.etcddr.contract.etcd.EndpointStatus;
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
  private final Map<String, Long> learnerIndex = new ConcurrentHashMap<>();
  private final Map<String, Long> learnerKept = new ConcurrentHashMap<>();

  VoterSightings(ClusterRecords records) {
    this(records, Clock.systemUTC());
  }

  VoterSightings(ClusterRecords records, Clock clock) {
    this.records = records;
    this.clock = clock;
  }

  void saw(String cluster, ClusterHealth health) {
    learnersMoving(cluster, health);
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

  /**
   * A learner whose applied index moved since the last status still hears from the voters' site:
   * kept (at most every {@link #EVERY}) as the latest sign that the site had contact, which a
   * failover's wait for the site's self-fence counts from — also when only the worker lost the
   * voters.
   */
  private void learnersMoving(String cluster, ClusterHealth health) {
    for (EndpointStatus learner : health.members()) {
      if (!learner.reachable()
          || !Boolean.TRUE.equals(learner.isLearner())
          || learner.raftAppliedIndex() == null) {
        continue;
      }
      Long before = learnerIndex.put(learner.endpoint(), learner.raftAppliedIndex());
      if (before == null || learner.raftAppliedIndex() <= before) {
        continue;
      }
      long now = clock.millis();
      Long kept = learnerKept.get(cluster);
      if (kept != null && now - kept < EVERY.toMillis()) {
        continue;
      }
      try {
        records.learnerHeard(
            cluster,
            new io.etcddr.contract.cluster.LearnerHeard(
                learner.endpoint(), learner.raftAppliedIndex(), now));
        learnerKept.put(cluster, now);
      } catch (RuntimeException e) {
        LOG.warn(
            "cluster {}: the learner's progress was not recorded: {}", cluster, e.getMessage());
      }
    }
  }
}
