package io.etcddr.activities.etcd;

import io.etcddr.activities.ActivityFailures;
import io.etcddr.activities.Heartbeats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The sha256 that a snapshot, a backend copy or a fetch recorded beside its file ({@code
 * FILE.sha256}): a file changed since it was written — a flipped bit on disk, a truncated copy — is
 * refused before anything is restored from it, instead of becoming the new cluster.
 */
final class RecordedDigest {

  private RecordedDigest() {}

  /**
   * @param shown the file as the runbook named it, for the message
   * @return the file's sha256, read once here for whoever needs it next
   */
  static String check(Path file, String shown) throws IOException {
    Path recorded = file.resolveSibling(file.getFileName() + ".sha256");
    if (!Files.isRegularFile(recorded)) {
      // a snapshot from elsewhere: etcdutl's own hash check is what there is
      return DurableFiles.sha256File(file);
    }
    Heartbeats.beat("checking the sha256 of " + shown);
    // the digest first; a snapshot adds its revision after it
    String expected = Files.readString(recorded).strip().split("\\s+")[0];
    String actual = DurableFiles.sha256File(file);
    if (!actual.equals(expected)) {
      throw ActivityFailures.precondition(
          shown
              + " changed after it was written: its sha256 is "
              + actual
              + ", "
              + recorded.getFileName()
              + " says "
              + expected
              + "; nothing was restored. Make the copy or snapshot again (remove both files"
              + " first)");
    }
    return actual;
  }
}
