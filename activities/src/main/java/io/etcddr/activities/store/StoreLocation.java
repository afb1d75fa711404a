package io.etcddr.activities.store;

import io.etcddr.activities.support.ActivityFailures;

/**
 * Where snapshots are kept, as a step names it: {@code s3://BUCKET/PREFIX} (any S3 API: AWS, MinIO,
 * Ceph) or a folder on the node ({@code file:///var/backups/etcd} or just the path).
 */
public record StoreLocation(String bucket, String prefix, String folder) {

  public static StoreLocation parse(String text) {
    if (text == null || text.isBlank()) {
      throw ActivityFailures.badInput("`store` is empty; write s3://BUCKET/PREFIX or a folder");
    }
    if (text.startsWith("s3://")) {
      String rest = text.substring("s3://".length());
      int slash = rest.indexOf('/');
      String bucket = slash < 0 ? rest : rest.substring(0, slash);
      String prefix = slash < 0 ? "" : rest.substring(slash + 1);
      if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
        throw ActivityFailures.badInput(
            "`" + text + "`: `" + bucket + "` is not an S3 bucket name (3-63 of a-z 0-9 . -)");
      }
      return new StoreLocation(
          bucket, prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/", null);
    }
    String folder = text.startsWith("file://") ? text.substring("file://".length()) : text;
    if (!folder.startsWith("/")) {
      throw ActivityFailures.badInput(
          "`" + text + "` is neither s3://BUCKET/PREFIX nor an absolute folder on the node");
    }
    return new StoreLocation(null, null, folder);
  }

  public boolean s3() {
    return bucket != null;
  }

  /** How runs and operators name one snapshot in it. */
  public String locationOf(String name) {
    return s3() ? "s3://" + bucket + "/" + prefix + name : folder + "/" + name;
  }
}
