package io.etcddr.activities.etcd;

import io.etcddr.activities.support.Heartbeats;
import io.etcddr.contract.etcd.EndpointStatus;
import io.etcddr.contract.etcd.EtcdActivities.LearnerView;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * `etcd.learnerView`: whether the learner still hears from the voters' site — the second vantage
 * point beside the worker's. Two reads apart: the leader's heartbeats arriving ({@link
 * PeerTraffic}) or the raft index moving means a leader is alive and reaches it.
 */
final class LearnerWatch {

  /** Four heartbeats at RKE's 500 ms interval, twenty at etcd's default 100 ms. */
  static final Duration HEARTBEAT_WINDOW = Duration.ofSeconds(2);

  /** Without the heartbeats, only writes move the index: reads further apart. */
  static final Duration INDEX_WINDOW = Duration.ofSeconds(3);

  private LearnerWatch() {}

  /**
   * @param pause between the reads; null: {@link #HEARTBEAT_WINDOW} when the learner's /metrics
   *     answer, {@link #INDEX_WINDOW} otherwise
   */
  static LearnerView view(String endpoint, EtcdTls tls, Duration pause, Duration timeout) {
    EndpointStatus before = EndpointProbe.ask(endpoint, tls, timeout);
    if (!before.reachable()) {
      // A learner restarted since the voters died never serves (it cannot publish itself without a
      // leader): it cannot follow, and a second read would only wait out another timeout.
      return new LearnerView(false, false, "", 0, 0, 0, 0, -1, -1);
    }
    OptionalLong receivedBefore = PeerTraffic.receivedBytes(endpoint, tls, timeout);
    Heartbeats.pause(
        pause != null ? pause : receivedBefore.isPresent() ? HEARTBEAT_WINDOW : INDEX_WINDOW);
    EndpointStatus after = EndpointProbe.ask(endpoint, tls, timeout);
    OptionalLong receivedAfter =
        receivedBefore.isPresent()
            ? PeerTraffic.receivedBytes(endpoint, tls, timeout)
            : OptionalLong.empty();
    boolean heard =
        receivedAfter.isPresent() && receivedAfter.getAsLong() > receivedBefore.getAsLong();
    long indexBefore = orZero(before.raftIndex());
    long indexAfter = orZero(after.raftIndex());
    long appliedBefore = orZero(before.raftAppliedIndex());
    long appliedAfter = orZero(after.raftAppliedIndex());
    boolean answers = after.reachable();
    return new LearnerView(
        answers && (heard || indexAfter > indexBefore || appliedAfter > appliedBefore),
        answers,
        after.leader() == null ? "" : after.leader(),
        indexBefore,
        indexAfter,
        appliedBefore,
        appliedAfter,
        receivedBefore.orElse(-1),
        receivedAfter.orElse(-1));
  }

  private static long orZero(Long value) {
    return value == null ? 0 : value;
  }
}
