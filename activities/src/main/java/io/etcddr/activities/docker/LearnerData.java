package io.etcddr.activities.docker;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether a data dir belongs to a learner. etcd 3.4 keeps each member in the backend's `members`
 * bucket as JSON ({@code {"id":N,"peerURLs":["https://IP:2380"],"isLearner":true,"name":...}});
 * every member's db records the learner that way, so the member is found by its own peer URL. The
 * scan streams the db and errs on the safe side: a page freed after a promotion may still say
 * "learner", which only makes a --force-new-cluster refusal more likely.
 */
public final class LearnerData {

  private static final int CHUNK = 1 << 20;

  private LearnerData() {}

  public static boolean isLearner(Path dataDir, String peerUrl) throws IOException {
    Path db = dataDir.resolve("member/snap/db");
    if (!Files.isRegularFile(db)) {
      return false;
    }
    byte[] needle =
        ("\"peerURLs\":[\"" + peerUrl + "\"],\"isLearner\":true").getBytes(StandardCharsets.UTF_8);
    try (InputStream in = Files.newInputStream(db)) {
      return contains(in, needle);
    }
  }

  /** Streams {@code in}, keeping only a chunk plus the needle's length in memory. */
  static boolean contains(InputStream in, byte[] needle) throws IOException {
    byte[] window = new byte[CHUNK + needle.length];
    int kept = 0;
    int read;
    while ((read = in.read(window, kept, CHUNK)) > 0) {
      int filled = kept + read;
      if (indexOf(window, filled, needle) >= 0) {
        return true;
      }
      kept = Math.min(needle.length - 1, filled);
      System.arraycopy(window, filled - kept, window, 0, kept);
    }
    return false;
  }

  private static int indexOf(byte[] haystack, int length, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
