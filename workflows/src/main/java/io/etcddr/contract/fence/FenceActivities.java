package io.etcddr.contract.fence;

import io.etcddr.cluster.FenceReport;
import io.etcddr.cluster.FenceRequest;
import io.etcddr.contract.StepContext;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** What an agent does so that its node never serves an old generation of its cluster again. */
@ActivityInterface
public interface FenceActivities {

  /**
   * @param dataDir the old etcd data dir, where the fence note is (default /var/lib/etcd)
   */
  record KeptRequest(String dataDir) {}

  /**
   * @param aside the node path of the old data dir kept aside
   * @param lastWriteAt epoch milliseconds of the old member's last WAL write (null: no WAL)
   */
  record Kept(String cluster, String orderId, String aside, long fencedAt, Long lastWriteAt) {}

  /**
   * Sets the restart policy of the given containers to `no` and stops them (kube-apiserver first,
   * so writes stop before etcd does), then moves the old etcd data dir aside ({@code
   * DATADIR.fenced-ORDERID}: kept, never deleted, it may hold writes the failover lost) and leaves
   * a note in its place, a file, so no etcd can start on that path by accident. Idempotent: a
   * second call finds its own work and reports it. While the node's engine is not up yet, the files
   * are fenced at once and the call fails retryably until the containers can be disabled.
   */
  @ActivityMethod(name = "fence.node")
  FenceReport fence(FenceRequest request, StepContext context);

  /**
   * Where a fence put this node's old data dir, from the note it left: read only. Refused when
   * there is no note (nothing was fenced) or the note kept no data.
   */
  @ActivityMethod(name = "fence.kept")
  Kept kept(KeptRequest request, StepContext context);
}
