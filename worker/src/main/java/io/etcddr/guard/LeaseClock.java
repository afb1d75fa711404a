package io.etcddr.guard;

import java.time.Duration;

/**
 * The lease of one cluster on one node, on the node's monotonic clock (nanoseconds). It starts
 * full, and runs out {@code fenceAfter} after the last contact it counts: a node of another site
 * that answered, or a report to the record that the record took — counted as of the moment it was
 * sent, never later, so the record's sighting (stamped when the record applies it) is never earlier
 * than a contact counted here. That the witness merely answers on its port counts for nothing: a
 * failover reads the record, not the network.
 */
final class LeaseClock {

  private final long fenceAfterNanos;
  private long lastContact;

  LeaseClock(Duration fenceAfter, long now) {
    this.fenceAfterNanos = fenceAfter.toNanos();
    this.lastContact = now;
  }

  synchronized void peerAnswered(long now) {
    lastContact = Math.max(lastContact, now);
  }

  /** A report sent at {@code sentAt} was taken by the record. */
  synchronized void reportTaken(long sentAt) {
    lastContact = Math.max(lastContact, sentAt);
  }

  synchronized boolean runOut(long now) {
    return now - lastContact >= fenceAfterNanos;
  }
}
