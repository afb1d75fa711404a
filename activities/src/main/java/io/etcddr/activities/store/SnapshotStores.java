package io.etcddr.activities.store;

import io.etcddr.activities.host.AgentPaths;
import java.nio.file.Path;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.profiles.ProfileFile;

/**
 * What a node needs to keep snapshots away from the cluster: its snapshot key (a keyset file) and
 * its store credentials (an AWS credentials file, else the SDK's environment variables), both
 * configured on the node. Runbooks name only the store and, for S3 APIs other than AWS, its
 * endpoint.
 */
public final class SnapshotStores {

  public static final Path DEFAULT_KEYSET = Path.of("/etc/etcd-dr/snapshot-keyset.json");

  private final AgentPaths paths;
  private final Path keyset;
  private final Path s3Credentials;

  /**
   * @param keyset the snapshot keyset file on this host
   * @param s3Credentials an AWS shared credentials file, or null for the SDK's default chain
   */
  public SnapshotStores(AgentPaths paths, Path keyset, Path s3Credentials) {
    this.paths = paths;
    this.keyset = keyset == null ? DEFAULT_KEYSET : keyset;
    this.s3Credentials = s3Credentials;
  }

  public SnapshotStore open(StoreLocation location, String endpoint, String region) {
    if (!location.s3()) {
      return new FileSnapshotStore(paths.resolve(location.folder()));
    }
    return new S3SnapshotStore(location, endpoint, region, credentials());
  }

  public SnapshotKeys keys() {
    return SnapshotKeys.load(keyset);
  }

  private AwsCredentialsProvider credentials() {
    if (s3Credentials == null) {
      return DefaultCredentialsProvider.builder().build();
    }
    return ProfileCredentialsProvider.builder()
        .profileFile(
            ProfileFile.builder().content(s3Credentials).type(ProfileFile.Type.CREDENTIALS).build())
        .build();
  }
}
