package io.etcddr.contract.store;

import io.etcddr.contract.Key;
import io.etcddr.contract.Placement;
import io.etcddr.contract.Step;
import io.etcddr.contract.StepContext;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Snapshots kept away from the cluster, as a node's agent reaches them. */
@ActivityInterface
public interface StoreActivities {

  record FindRequest(
      @Key("s3://BUCKET/PREFIX or a folder") String store,
      @Key(value = "an S3 API other than AWS's", optional = true) String storeEndpoint,
      @Key(value = "the store's region (default us-east-1)", optional = true) String region,
      @Key(value = "whose snapshots (default: any)", optional = true) String cluster,
      @Key(value = "a snapshot's name; empty: the newest of the cluster", optional = true)
          String name,
      @Key(
              value = "with no name: the newest taken at or before this time (RFC 3339)",
              optional = true)
          String before) {}

  record Found(
      @Key("the snapshot's name") String name,
      @Key("where it is") String location,
      @Key("etcd revision it holds") long revision,
      @Key("sha256 of the snapshot") String sha256,
      @Key("stored size") long bytes,
      @Key("when it was taken, RFC 3339") String createdAt,
      @Key("how old it is") long ageSeconds,
      @Key("the key that encrypted it") String keyId) {}

  record FetchRequest(
      @Key("s3://BUCKET/PREFIX or a folder") String store,
      @Key(value = "an S3 API other than AWS's", optional = true) String storeEndpoint,
      @Key(value = "the store's region (default us-east-1)", optional = true) String region,
      @Key("the snapshot") String name,
      @Key("where the plain snapshot goes on this node") String path) {}

  record Fetched(
      @Key("the plain snapshot") String path,
      @Key("its sha256, checked") String sha256,
      @Key("its size") long bytes,
      @Key("etcd revision it holds") long revision) {}

  /** Chooses a snapshot of the cluster in the store. Read-only. */
  @Step(
      value =
          "Chooses a snapshot of the cluster in a store: by name, the newest, or the newest"
              + " at or before a time. Read-only.",
      placement = Placement.NODE,
      reads = "find the newest snapshot in the store")
  @ActivityMethod(name = "store.find")
  Found find(FindRequest request, StepContext context);

  /**
   * Downloads a snapshot, decrypts it with this node's key and checks its sha256, into {@code path}
   * on this node. A snapshot that fails authentication (changed, or not encrypted by our key) or
   * whose content does not match its sha256 is refused, without retry, and nothing is left at
   * {@code path}. A finished fetch of the same snapshot is returned again.
   */
  @Step(
      value =
          "Downloads a snapshot, decrypts it with this node's key and checks its sha256;"
              + " refuses one that fails authentication; idempotent.",
      placement = Placement.NODE)
  @ActivityMethod(name = "store.fetch")
  Fetched fetch(FetchRequest request, StepContext context);
}
