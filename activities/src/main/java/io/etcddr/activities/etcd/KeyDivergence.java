package io.etcddr.activities.etcd;

import io.etcddr.contract.cluster.Divergence;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * What the old cluster holds that the new one does not, judged by revisions rather than values: the
 * new generation was restored from the old cluster's data at {@code fromRevision}, so every key the
 * old cluster wrote after it is a lost write, and every key the new one carries over (its create
 * revision at or below {@code fromRevision}) that the old one no longer holds was deleted there.
 * Writes made to the new cluster after the failover are not losses and are not reported. Both sides
 * are walked once, merged in key order.
 */
public final class KeyDivergence {

  /** What one comparison found; {@code oldRevision} is the old side's current revision. */
  public record Found(
      Divergence.Keys created,
      Divergence.Keys changed,
      Divergence.Keys deleted,
      long oldRevision) {}

  private final long fromRevision;
  private final Tally created = new Tally();
  private final Tally changed = new Tally();
  private final Tally deleted = new Tally();

  private KeyDivergence(long fromRevision) {
    this.fromRevision = fromRevision;
  }

  static Found compare(
      Iterator<KeyPages.Entry> old,
      Iterator<KeyPages.Entry> current,
      long fromRevision,
      long oldRevision) {
    KeyDivergence diff = new KeyDivergence(fromRevision);
    KeyPages.Entry o = old.hasNext() ? old.next() : null;
    KeyPages.Entry n = current.hasNext() ? current.next() : null;
    while (o != null || n != null) {
      int order = o == null ? 1 : n == null ? -1 : Arrays.compareUnsigned(o.key(), n.key());
      if (order < 0) {
        diff.judge(o, null);
        o = old.hasNext() ? old.next() : null;
      } else if (order > 0) {
        diff.judge(null, n);
        n = current.hasNext() ? current.next() : null;
      } else {
        diff.judge(o, n);
        o = old.hasNext() ? old.next() : null;
        n = current.hasNext() ? current.next() : null;
      }
    }
    return new Found(diff.created.keys(), diff.changed.keys(), diff.deleted.keys(), oldRevision);
  }

  private void judge(KeyPages.Entry old, KeyPages.Entry current) {
    if (old != null && old.modRevision() > fromRevision) {
      boolean heldAtFailure = current != null && current.createRevision() <= fromRevision;
      (old.createRevision() > fromRevision && !heldAtFailure ? created : changed).add(old);
    } else if (old == null && current != null && current.createRevision() <= fromRevision) {
      deleted.add(current);
    }
  }

  /** An exact count and the first names, in key order. */
  private static final class Tally {
    private long count;
    private final List<String> first = new ArrayList<>();

    void add(KeyPages.Entry entry) {
      count++;
      if (first.size() < Divergence.NAMES_KEPT) {
        first.add(entry.name());
      }
    }

    Divergence.Keys keys() {
      return new Divergence.Keys(count, first);
    }
  }
}
