package io.etcddr.activities.store;

import java.time.Instant;
import java.util.Map;

/**
 * One snapshot in a store, with what etcd-dr recorded beside it: the sha256 of the plain snapshot,
 * the etcd revision it holds, the cluster, when it was taken, and the id of the key that encrypted
 * it (in the object's metadata; S3 user metadata, or a {@code .meta.json} beside a file).
 */
public record StoredSnapshot(String name, long bytes, Map<String, String> metadata) {

  public static final String SHA256 = "etcd-dr-sha256";
  public static final String REVISION = "etcd-dr-revision";
  public static final String CLUSTER = "etcd-dr-cluster";
  public static final String CREATED = "etcd-dr-created";
  public static final String KEY_ID = "etcd-dr-key-id";

  /** What the object is; absent for snapshots. */
  public static final String KIND = "etcd-dr-kind";

  /** An encrypted copy of a cluster's CA key ({@code etcd-dr ca-key backup}), never a snapshot. */
  public static final String KIND_CA_KEY = "ca-key";

  public StoredSnapshot {
    metadata = Map.copyOf(metadata);
  }

  public String sha256() {
    return metadata.getOrDefault(SHA256, "");
  }

  public long revision() {
    return Long.parseLong(metadata.getOrDefault(REVISION, "0"));
  }

  public String cluster() {
    return metadata.getOrDefault(CLUSTER, "");
  }

  public Instant created() {
    String created = metadata.get(CREATED);
    return created == null ? Instant.EPOCH : Instant.parse(created);
  }

  public String keyId() {
    return metadata.getOrDefault(KEY_ID, "");
  }

  /** A snapshot of etcd, not another object etcd-dr keeps in the store (a CA key's copy). */
  public boolean isSnapshot() {
    return !metadata.containsKey(KIND);
  }

  /**
   * Whether etcd-dr wrote it completely (its metadata is written last for files, with it on S3).
   */
  public boolean complete() {
    return !sha256().isEmpty() && metadata.containsKey(CREATED);
  }
}
