package io.etcddr.activities.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import java.nio.charset.StandardCharsets;

/**
 * Collects an exec's stdout and stderr, keeping only the last {@code limit} bytes: a chatty command
 * cannot fill the agent's heap or the workflow history, and the end is where the error is.
 */
final class BoundedOutput extends ResultCallback.Adapter<Frame> {

  private final int limit;
  private final byte[] ring;
  private long total;

  BoundedOutput(int limit) {
    this.limit = Math.max(1, limit);
    this.ring = new byte[this.limit];
  }

  @Override
  public synchronized void onNext(Frame frame) {
    for (byte b : frame.getPayload()) {
      ring[(int) (total % limit)] = b;
      total++;
    }
  }

  synchronized String text() {
    if (total <= limit) {
      return new String(ring, 0, (int) total, StandardCharsets.UTF_8);
    }
    int start = (int) (total % limit);
    byte[] ordered = new byte[limit];
    System.arraycopy(ring, start, ordered, 0, limit - start);
    System.arraycopy(ring, 0, ordered, limit - start, start);
    return "[… "
        + (total - limit)
        + " earlier bytes dropped]\n"
        + new String(ordered, StandardCharsets.UTF_8);
  }
}
