package io.etcddr.contract.store;

import io.etcddr.contract.StepContext;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Snapshots kept away from the cluster, as a node's agent reaches them. */
@ActivityInterface
public interface StoreActivities {

  /**
   * @param name a snapshot's name; empty: the newest of the cluster
   * @param before with no name: the newest taken at or before this time (RFC 3339)
   */
  record FindRequest(
      String store,
      String storeEndpoint,
      String region,
      String cluster,
      String name,
      String before) {}

  record Found(
      String name,
      String location,
      long revision,
      String sha256,
      long bytes,
      String createdAt,
      long ageSeconds,
      String keyId) {}

  record FetchRequest(
      String store, String storeEndpoint, String region, String name, String path) {}

  record Fetched(String path, String sha256, long bytes, long revision) {}

  /** Chooses a snapshot of the cluster in the store. Read-only. */
  @ActivityMethod(name = "store.find")
  Found find(FindRequest request, StepContext context);

  /**
   * Downloads a snapshot, decrypts it with this node's key and checks its sha256, into {@code path}
   * on this node. A snapshot that fails authentication (changed, or not encrypted by our key) or
   * whose content does not match its sha256 is refused, without retry, and nothing is left at
   * {@code path}. A finished fetch of the same snapshot is returned again.
   */
  @ActivityMethod(name = "store.fetch")
  Fetched fetch(FetchRequest request, StepContext context);
}
