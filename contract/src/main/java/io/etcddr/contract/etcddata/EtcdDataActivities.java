package io.etcddr.contract.etcddata;

import io.etcddr.contract.Key;
import io.etcddr.contract.Placement;
import io.etcddr.contract.Step;
import io.etcddr.contract.StepContext;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** etcd's data on the node itself: copying a stopped member's backend and restoring it. */
@ActivityInterface
public interface EtcdDataActivities {

  record SnapshotRequest(
      @Key("cluster name; endpoints and TLS come from the inventory") String cluster,
      @Key("file to write (with `store`: the encrypted stage, removed after upload)") String path,
      @Key(value = "the voter to ask (default: the leader)", optional = true) String endpoint,
      @Key(value = "keep this many snapshots (in the folder, or the store)", optional = true)
          Integer retain,
      @Key(
              value =
                  "where the snapshot goes, encrypted: s3://BUCKET/PREFIX or a folder; null"
                      + " or empty keeps it at `path` on this node, as it is",
              optional = true)
          String store,
      @Key(
              value = "an S3 API endpoint other than AWS's (MinIO, Ceph), e.g. https://s3.local",
              optional = true)
          String storeEndpoint,
      @Key(value = "the store's region (default us-east-1)", optional = true) String region,
      @Key(
              value = "the snapshot's name in the store (default CLUSTER-RUNID.db.enc)",
              optional = true)
          String name) {}

  record Snapshot(
      @Key("where it is: the file on this node, or its location in the store") String path,
      @Key("hex digest of the snapshot") String sha256,
      @Key("size") long bytes,
      @Key("revision at the snapshot") long revision,
      @Key("its name in the store (\"\" for a local snapshot)") String name,
      @Key("the id of the key that encrypted it (empty: none)") String keyId,
      @Key("whether it was encrypted before leaving the node") boolean encrypted) {}

  record CopyRequest(
      @Key("the stopped member's data dir") String dataDir,
      @Key("file to write; never overwritten") String path,
      @Key(value = "the member's container, checked to be stopped", optional = true)
          String container,
      @Key(
              value =
                  "when set, the WAL is replayed on a copy of `dataDir` made there, and"
                      + " `dataDir` is only read (data kept aside as evidence stays as it was)",
              optional = true)
          String workDir) {}

  record Copied(
      @Key("the copy") String path, @Key("hex digest") String sha256, @Key("size") long bytes) {}

  record RestoreRequest(
      @Key("snapshot or copied db file") String source,
      @Key("new data dir; must not exist") String dataDir,
      @Key("member name") String name,
      @Key("the member's peer URL") String peerUrl,
      @Key(
              value =
                  "every member of the new cluster as NAME=PEER_URL,... (default: this one alone)",
              optional = true)
          String initialCluster,
      @Key(value = "true for a copied db (--skip-hash-check)", optional = true) Boolean backendCopy,
      @Key(value = "new cluster token (default: derived)", optional = true) String clusterToken,
      @Key(
              value =
                  "when set, the restore tool runs in a one-shot container of this etcd"
                      + " image (as RKE restores on its nodes) instead of on the host",
              optional = true)
          String image,
      @Key(
              value =
                  "how far the new cluster's revision jumps (etcdutl, 3.5+; default"
                      + " 1,000,000,000; 0 for none)",
              optional = true)
          Long bumpRevision) {}

  record Restored(
      @Key("the restored data dir") String dataDir,
      @Key("the new cluster's token") String clusterToken,
      @Key("false when an earlier attempt had finished") boolean restored,
      @Key("how long the restore took") long millis,
      @Key("how far the revision jumped (0: not at all)") long revisionBump,
      @Key("whether the old revisions are compacted, so watchers start over")
          boolean markedCompacted,
      @Key("what an operator must do because the tool could not bump (etcdctl 3.4), or \"\"")
          String warning) {}

  /** One member of a new multi-member cluster restored from the same snapshot on every member. */
  record RestoreMemberRequest(
      @Key("the snapshot file on this node") String source,
      @Key("new data dir; must not exist") String dataDir,
      @Key("each member's node and its member name; this node's entry names the member")
          java.util.Map<String, String> members,
      @Key("every member as NAME=PEER_URL,...; this member's peer URL comes from it")
          String initialCluster,
      @Key("the new cluster's token, the same on every member") String clusterToken,
      @Key(value = "restore inside a one-shot container of this image", optional = true)
          String image,
      @Key(
              value = "with etcdutl (3.5+): raise the revision by this much (default 1000000000)",
              optional = true)
          Long bumpRevision) {}

  record SwapRequest(
      @Key("the member's data dir, e.g. /var/lib/etcd") String dataDir,
      @Key("the dir that becomes `dataDir`") String replacement,
      @Key("where the old `dataDir` is kept (never deleted)") String keepAs) {}

  record Swapped(
      @Key("the data dir") String dataDir,
      @Key("where the old data dir now is") String kept,
      @Key("false when there was nothing to do (done before, or nothing to put in place)")
          boolean swapped) {}

  /**
   * Streams a snapshot from a voter ({@code endpoint}, default the leader) to {@code path} on this
   * node, fsynced, with its sha256, keeping the newest {@code retain} snapshots of the folder.
   * Refused, without retry, when the endpoint is a learner: etcd answers "rpc not supported for
   * learner" (and etcdctl would retry that forever). A finished snapshot is returned again.
   */
  @Step(
      value =
          "Snapshot from a voter streamed to a file on this node, fsynced, sha256; with"
              + " `store`, encrypted on this node as it streams and uploaded away from the"
              + " cluster.",
      placement = Placement.NODE)
  @ActivityMethod(name = "etcd.snapshot")
  Snapshot snapshot(SnapshotRequest request, StepContext context);

  /**
   * Copies {@code dataDir/member/snap/db} of a STOPPED member to {@code path}, streaming, fsynced,
   * with its sha256. A member killed hard may have applied writes only in its WAL, so the member is
   * first started once on its own data, on loopback ports of its own, until it has applied every
   * committed entry, then stopped gracefully. Refuses while the member runs. A finished copy of the
   * same data is returned again, never overwritten by a different one.
   */
  @Step(
      value =
          "With the member stopped, copies member/snap/db to a file, sha256; a member killed"
              + " hard is first brought up to date with its WAL.",
      placement = Placement.NODE)
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
  @Step(
      value =
          "Restores a snapshot or copied db into a NEW data dir as a one-member cluster;"
              + " never overwrites, never --force-new-cluster on a learner's data.",
      placement = Placement.NODE)
  @ActivityMethod(name = "etcd.restoreSingleNode")
  Restored restoreSingleNode(RestoreRequest request, StepContext context);

  /**
   * Restores this node's member of a new cluster: the same snapshot on every member, the member's
   * name from {@code members} by this node, the peer URLs of {@code initialCluster}, one shared
   * token. As {@link #restoreSingleNode}: a new data dir, never an overwrite, done once.
   */
  @Step(
      value =
          "Restores this node's member of a NEW multi-member cluster from a snapshot (the"
              + " same on every member): its name from `members`, peer URLs from `initialCluster`,"
              + " one token; a new data dir, never an overwrite.",
      placement = Placement.NODE)
  @ActivityMethod(name = "etcd.restoreMember")
  Restored restoreMember(RestoreMemberRequest request, StepContext context);

  /**
   * Puts {@code replacement} in place of a stopped member's {@code dataDir} with two renames in one
   * file system, keeping the old one as {@code keepAs}; journaled, so a retry finishes or changes
   * nothing. Refuses while a process holds the data dir, or when {@code keepAs} exists.
   */
  @Step(
      value =
          "Puts a restored data dir in place of a stopped member's with two journaled"
              + " renames; the old one is kept as `keepAs`, never deleted; the reverse puts it"
              + " back.",
      placement = Placement.NODE)
  @ActivityMethod(name = "etcd.useDataDir")
  Swapped useDataDir(SwapRequest request, StepContext context);
}
