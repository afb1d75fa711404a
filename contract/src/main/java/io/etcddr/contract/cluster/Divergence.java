package io.etcddr.contract.cluster;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What a failover lost, as one node of the old generation holds it: the keys under {@code prefix}
 * whose last write on the old cluster came after {@code fromRevision}, the revision the new
 * generation was restored from. Key names only, never values. When the node's old data never came
 * back, {@code known} is false and the loss is bounded only by the learner's lag at the failure.
 *
 * @param fromRevision the last revision the new generation holds, in the old cluster's numbering
 * @param oldRevision the old cluster's last revision as the node's data holds it
 * @param oldLastWriteAt epoch milliseconds of the old member's last WAL write, when known
 * @param created keys the old cluster created after {@code fromRevision} that the new one lacks
 * @param changed keys the old cluster wrote after {@code fromRevision} that the new one holds in an
 *     older version (or deleted since)
 * @param deleted keys the new generation holds from before the failure that the old one deleted
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Divergence(
    String node,
    boolean known,
    String prefix,
    Long fromRevision,
    Long oldRevision,
    Long oldLastWriteAt,
    Keys created,
    Keys changed,
    Keys deleted,
    String summary,
    String workflowId,
    String runId,
    long reportedAt) {

  /** At most this many key names of each kind are kept; the counts are exact. */
  public static final int NAMES_KEPT = 100;

  /** How many keys of one kind, and the first {@link #NAMES_KEPT} of their names, in key order. */
  public record Keys(long count, List<String> first) {
    public Keys {
      first = first == null ? List.of() : List.copyOf(first);
    }

    public static Keys none() {
      return new Keys(0, List.of());
    }
  }

  /** Created + changed + deleted; -1 when unknown. */
  public long lost() {
    return known ? created.count() + changed.count() + deleted.count() : -1;
  }
}
