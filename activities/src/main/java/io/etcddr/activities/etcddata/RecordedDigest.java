package io.etcddr.activities.etcddata;

import io.etcddr.activities.host.DigestSidecar;
import io.etcddr.activities.support.ActivityFailures;
import io.etcddr.activities.support.DaemonThreads;
import io.etcddr.activities.support.Heartbeats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The sha256 that a snapshot, a backend copy or a fetch recorded beside its file ({@code
 * FILE.sha256}): a file changed since it was written — a flipped bit on disk, a truncated copy — is
 * refused before anything is restored from it, instead of becoming the new cluster.
 */
final class RecordedDigest {

  /** Its own threads: a digest of gigabytes must not wait behind other work. */
  private static final ExecutorService CHECKERS =
      Executors.newCachedThreadPool(DaemonThreads.named("digest-check"));

  private RecordedDigest() {}

  /**
   * {@link #check} on a thread of its own, so that a restore reading the same file goes on beside
   * it; the caller places nothing before {@link #awaited} returned.
   */
  static CompletableFuture<String> checkAside(Path file, String shown) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return check(file, shown);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        },
        CHECKERS);
  }

  /** What {@link #checkAside} found: the sha256, or its refusal thrown as {@link #check} would. */
  static String awaited(CompletableFuture<String> check) throws IOException, InterruptedException {
    try {
      return check.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UncheckedIOException io) {
        throw io.getCause();
      }
      if (e.getCause() instanceof RuntimeException refused) {
        throw refused;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  /**
   * @param shown the file as the runbook named it, for the message
   * @return the file's sha256, read once here for whoever needs it next
   */
  static String check(Path file, String shown) throws IOException {
    var recorded = DigestSidecar.read(file);
    if (recorded.isEmpty()) {
      // a snapshot from elsewhere: etcdutl's own hash check is what there is
      return DurableFiles.sha256File(file);
    }
    Heartbeats.beat("checking the sha256 of " + shown);
    String expected = recorded.get().sha256();
    String actual = DurableFiles.sha256File(file);
    if (!actual.equals(expected)) {
      throw ActivityFailures.precondition(
          shown
              + " changed after it was written: its sha256 is "
              + actual
              + ", "
              + DigestSidecar.of(file).getFileName()
              + " says "
              + expected
              + "; nothing was restored. Make the copy or snapshot again (remove both files"
              + " first)");
    }
    return actual;
  }
}
