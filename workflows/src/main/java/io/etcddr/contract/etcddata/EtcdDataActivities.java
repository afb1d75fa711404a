package io.etcddr.contract.etcddata;

import io.etcddr.contract.StepContext;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** etcd's data on the node itself: copying a stopped member's backend and restoring it. */
@ActivityInterface
public interface EtcdDataActivities {

  /**
   * @param store where the snapshot goes, encrypted: s3://BUCKET/PREFIX or a folder; null or empty
   *     keeps it at {@code path} on this node, as it is
   * @param storeEndpoint an S3 API endpoint other than AWS's (MinIO, Ceph), e.g. https://s3.local
   * @param name the snapshot's name in the store (default CLUSTER-RUNID.db.enc)
   */
  record SnapshotRequest(
      String cluster,
      String path,
      String endpoint,
      Integer retain,
      String store,
      String storeEndpoint,
      String region,
      String name) {}

  /**
   * @param path where it is: the file on this node, or its location in the store
   * @param name its name in the store ("" for a local snapshot)
   */
  record Snapshot(
      String path,
      String sha256,
      long bytes,
      long revision,
      String name,
      String keyId,
      boolean encrypted) {}

  /**
   * @param workDir when set, the WAL is replayed on a copy of {@code dataDir} made there, and
   *     {@code dataDir} is only read (data kept aside as evidence stays as it was)
   */
  record CopyRequest(String dataDir, String path, String container, String workDir) {}

  record Copied(String path, String sha256, long bytes) {}

  /**
   * @param image when set, the restore tool runs in a one-shot container of this etcd image (as RKE
   *     restores on its nodes) instead of on the host
   * @param initialCluster every member of the new cluster as NAME=PEER_URL,... (default: this one
   *     alone)
   * @param bumpRevision how far the new cluster's revision jumps (etcdutl, 3.5+; default
   *     1,000,000,000; 0 for none)
   */
  record RestoreRequest(
      String source,
      String dataDir,
      String name,
      String peerUrl,
      String initialCluster,
      Boolean backendCopy,
      String clusterToken,
      String image,
      Long bumpRevision) {}

  /**
   * @param revisionBump how far the revision jumped (0: not at all)
   * @param markedCompacted whether the old revisions are compacted, so watchers start over
   * @param warning what an operator must do because the tool could not bump (etcdctl 3.4), or ""
   */
  record Restored(
      String dataDir,
      String clusterToken,
      boolean restored,
      long millis,
      long revisionBump,
      boolean markedCompacted,
      String warning) {}

  /**
   * One member of a new multi-member cluster restored from the same snapshot on every member.
   *
   * @param members each member's node and its member name; this node's entry names the member
   * @param initialCluster every member as NAME=PEER_URL,...; this member's peer URL comes from it
   * @param clusterToken the new cluster's token, the same on every member
   */
  record RestoreMemberRequest(
      String source,
      String dataDir,
      java.util.Map<String, String> members,
      String initialCluster,
      String clusterToken,
      String image,
      Long bumpRevision) {}

  /**
   * @param replacement the dir that becomes {@code dataDir}
   * @param keepAs where the old {@code dataDir} is kept (never deleted)
   */
  record SwapRequest(String dataDir, String replacement, String keepAs) {}

  /**
   * @param kept where the old data dir now is
   * @param swapped false when there was nothing to do (done before, or nothing to put in place)
   */
  record Swapped(String dataDir, String kept, boolean swapped) {}

  /**
   * Streams a snapshot from a voter ({@code endpoint}, default the leader) to {@code path} on this
   * node, fsynced, with its sha256, keeping the newest {@code retain} snapshots of the folder.
   * Refused, without retry, when the endpoint is a learner: etcd answers "rpc not supported for
   * learner" (and etcdctl would retry that forever). A finished snapshot is returned again.
   */
  @ActivityMethod(name = "etcd.snapshot")
  Snapshot snapshot(SnapshotRequest request, StepContext context);

  /**
   * Copies {@code dataDir/member/snap/db} of a STOPPED member to {@code path}, streaming, fsynced,
   * with its sha256. A member killed hard may have applied writes only in its WAL, so the member is
   * first started once on its own data, on loopback ports of its own, until it has applied every
   * committed entry, then stopped gracefully. Refuses while the member runs. A finished copy of the
   * same data is returned again, never overwritten by a different one.
   */
  @ActivityMethod(name = "etcd.copyBackend")
  Copied copyBackend(CopyRequest request, StepContext context);

  /**
   * Restores a snapshot or a copied db ({@code backendCopy}: --skip-hash-check) into a NEW data dir
   * as a new one-member cluster with a new token; with etcdutl (3.5+) the revision is bumped and
   * the old revisions marked compacted, with etcdctl (3.4) a warning says what to do instead. Never
   * overwrites: an existing dir holding the marker of this very restore is returned as done ({@code
   * restored=false}); any other existing dir is refused. Never uses --force-new-cluster, which
   * panics on a learner's data.
   */
  @ActivityMethod(name = "etcd.restoreSingleNode")
  Restored restoreSingleNode(RestoreRequest request, StepContext context);

  /**
   * Restores this node's member of a new cluster: the same snapshot on every member, the member's
   * name from {@code members} by this node, the peer URLs of {@code initialCluster}, one shared
   * token. As {@link #restoreSingleNode}: a new data dir, never an overwrite, done once.
   */
  @ActivityMethod(name = "etcd.restoreMember")
  Restored restoreMember(RestoreMemberRequest request, StepContext context);

  /**
   * Puts {@code replacement} in place of a stopped member's {@code dataDir} with two renames in one
   * file system, keeping the old one as {@code keepAs}; journaled, so a retry finishes or changes
   * nothing. Refuses while a process holds the data dir, or when {@code keepAs} exists.
   */
  @ActivityMethod(name = "etcd.useDataDir")
  Swapped useDataDir(SwapRequest request, StepContext context);
}
