package io.etcddr.activities.store;

import io.etcddr.activities.support.ActivityFailures;
import io.etcddr.contract.OneLine;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Snapshots in an S3 bucket (AWS or any S3 API), uploaded in 8 MiB parts read straight from the
 * file, so memory stays flat whatever the snapshot's size; the metadata travels with the upload.
 * Credentials come from the node (the AWS SDK's environment variables or credentials file), never
 * from a runbook or a workflow history.
 */
public final class S3SnapshotStore implements SnapshotStore {

  static final long PART = 8L << 20;

  private final S3Client s3;
  private final StoreLocation location;

  public S3SnapshotStore(
      StoreLocation location, String endpoint, String region, AwsCredentialsProvider credentials) {
    this.location = location;
    var builder =
        S3Client.builder()
            .httpClient(UrlConnectionHttpClient.create())
            .region(Region.of(region == null || region.isBlank() ? "us-east-1" : region))
            .credentialsProvider(credentials)
            // Plain payload checksums only: S3-compatible servers do not all take trailing ones.
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    if (endpoint != null && !endpoint.isBlank()) {
      builder.endpointOverride(URI.create(endpoint)).forcePathStyle(true);
    }
    this.s3 = builder.build();
  }

  @Override
  public StoredSnapshot put(String name, Path file, Map<String, String> metadata)
      throws IOException {
    Optional<StoredSnapshot> existing = storedAlready(name, metadata);
    if (existing.isPresent()) {
      return existing.get();
    }
    String key = key(name);
    long size = Files.size(file);
    String upload =
        call(() ->
                s3.createMultipartUpload(
                    b -> b.bucket(location.bucket()).key(key).metadata(metadata)))
            .uploadId();
    try {
      List<CompletedPart> parts = new ArrayList<>();
      for (long offset = 0, number = 1; offset < size; offset += PART, number++) {
        long start = offset;
        long length = Math.min(PART, size - offset);
        int part = (int) number;
        String etag =
            call(() ->
                    s3.uploadPart(
                        b ->
                            b.bucket(location.bucket())
                                .key(key)
                                .uploadId(upload)
                                .partNumber(part)
                                .contentLength(length),
                        RequestBody.fromContentProvider(
                            () -> range(file, start, length), length, "application/octet-stream")))
                .eTag();
        parts.add(CompletedPart.builder().partNumber(part).eTag(etag).build());
      }
      call(
          () ->
              s3.completeMultipartUpload(
                  b ->
                      b.bucket(location.bucket())
                          .key(key)
                          .uploadId(upload)
                          .multipartUpload(m -> m.parts(parts))));
    } catch (RuntimeException e) {
      s3.abortMultipartUpload(b -> b.bucket(location.bucket()).key(key).uploadId(upload));
      throw e;
    }
    return new StoredSnapshot(name, size, metadata);
  }

  @Override
  public List<StoredSnapshot> list() {
    List<StoredSnapshot> all = new ArrayList<>();
    for (S3Object object :
        call(
            () ->
                s3.listObjectsV2Paginator(
                        b -> b.bucket(location.bucket()).prefix(location.prefix()))
                    .contents())) {
      String name = object.key().substring(location.prefix().length());
      if (!name.isEmpty() && !name.contains("/")) {
        find(name).filter(StoredSnapshot::complete).ifPresent(all::add);
      }
    }
    all.sort(Comparator.comparing(StoredSnapshot::created).reversed());
    return all;
  }

  @Override
  public Optional<StoredSnapshot> find(String name) {
    try {
      HeadObjectResponse head =
          call(() -> s3.headObject(b -> b.bucket(location.bucket()).key(key(name))));
      return Optional.of(new StoredSnapshot(name, head.contentLength(), head.metadata()));
    } catch (NoSuchKeyException missing) {
      return Optional.empty();
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return Optional.empty();
      }
      throw e;
    }
  }

  @Override
  public void download(String name, Path target) throws IOException {
    try (InputStream in =
        call(() -> s3.getObject(b -> b.bucket(location.bucket()).key(key(name))))) {
      Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
  }

  @Override
  public void delete(String name) {
    call(() -> s3.deleteObject(b -> b.bucket(location.bucket()).key(key(name))));
  }

  @Override
  public void close() {
    s3.close();
  }

  private String key(String name) {
    return location.prefix() + name;
  }

  private static InputStream range(Path file, long start, long length) {
    try {
      FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
      channel.position(start);
      return new java.io.FilterInputStream(Channels.newInputStream(channel)) {
        private long left = length;

        @Override
        public int read() throws IOException {
          if (left <= 0) {
            return -1;
          }
          int b = super.read();
          left -= b < 0 ? 0 : 1;
          return b;
        }

        @Override
        public int read(byte[] buffer, int off, int len) throws IOException {
          if (left <= 0) {
            return -1;
          }
          int n = super.read(buffer, off, (int) Math.min(len, left));
          left -= Math.max(n, 0);
          return n;
        }
      };
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** S3's answers as failures that say what to do; a store that does not answer is retried. */
  private <T> T call(java.util.function.Supplier<T> request) {
    try {
      return request.get();
    } catch (NoSuchKeyException missing) {
      throw missing;
    } catch (S3Exception e) {
      int status = e.statusCode();
      String what =
          e.awsErrorDetails() == null
              ? OneLine.of(e.getMessage())
              : e.awsErrorDetails().errorMessage();
      if (status == 403) {
        throw ActivityFailures.badInput(
            "the store "
                + location.locationOf("")
                + " refused this node's credentials ("
                + what
                + "); set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or the agent's --s3-credentials");
      }
      if (status == 404
          && e.awsErrorDetails() != null
          && "NoSuchBucket".equals(e.awsErrorDetails().errorCode())) {
        throw ActivityFailures.precondition(
            "bucket " + location.bucket() + " does not exist; create it first");
      }
      if (status == 404) {
        throw e;
      }
      throw ActivityFailures.retryable("the store answered " + status + ": " + what);
    } catch (SdkClientException e) {
      throw ActivityFailures.retryable(
          "cannot reach the store " + location.locationOf("") + ": " + OneLine.rootCause(e));
    }
  }
}
