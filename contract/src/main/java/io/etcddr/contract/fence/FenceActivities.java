package io.etcddr.contract.fence;

import io.etcddr.contract.Key;
import io.etcddr.contract.Placement;
import io.etcddr.contract.Step;
import io.etcddr.contract.StepContext;
import io.etcddr.contract.cluster.FenceReport;
import io.etcddr.contract.cluster.FenceRequest;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** What an agent does so that its node never serves an old generation of its cluster again. */
@ActivityInterface
public interface FenceActivities {

  record KeptRequest(
      @Key(
              value = "the old etcd data dir, where the fence note is (default /var/lib/etcd)",
              optional = true)
          String dataDir) {}

  record Kept(
      @Key("the cluster the note names") String cluster,
      @Key("the fence order") String orderId,
      @Key("the node path of the old data dir kept aside") String aside,
      @Key("when it was fenced, epoch ms") long fencedAt,
      @Key("epoch milliseconds of the old member's last WAL write (null: no WAL)")
          Long lastWriteAt) {}

  /**
   * Sets the restart policy of the given containers to `no` and stops them (kube-apiserver first,
   * so writes stop before etcd does), then moves the old etcd data dir aside ({@code
   * DATADIR.fenced-ORDERID}: kept, never deleted, it may hold writes the failover lost) and leaves
   * a note in its place, a file, so no etcd can start on that path by accident. Idempotent: a
   * second call finds its own work and reports it. While the node's engine is not up yet, the files
   * are fenced at once and the call fails retryably until the containers can be disabled.
   */
  @Step(
      value =
          "Makes sure the old cluster never serves from this node again: containers disabled"
              + " (restart policy no) and stopped, the old data dir moved aside (kept, never"
              + " deleted); idempotent.",
      placement = Placement.NODE)
  @ActivityMethod(name = "fence.node")
  FenceReport fence(FenceRequest request, StepContext context);

  /**
   * Where a fence put this node's old data dir, from the note it left: read only. Refused when
   * there is no note (nothing was fenced) or the note kept no data.
   */
  @Step(
      value =
          "Where a fence kept this node's old data dir, from the note it left there; read"
              + " only. Refused when nothing was fenced.",
      placement = Placement.NODE,
      reads = "find the data dir a fence kept")
  @ActivityMethod(name = "fence.kept")
  Kept kept(KeptRequest request, StepContext context);
}
