package io.etcddr.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;

/**
 * Waits until a process says a line in its output: a started process is not yet a serving one, and
 * on a busy two-core machine a cold JVM can take longer to serve than a CLI waits for it.
 */
public final class Said {

  private Said() {}

  /**
   * Until {@code output}, read again every 200 ms, contains {@code text}. Fails with the end of the
   * output when {@code running} turns false first or when {@code timeout} is over.
   *
   * @param who the process as the failure names it
   */
  public static void await(
      String who, Callable<String> output, String text, Duration timeout, BooleanSupplier running)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      String said = output.call();
      if (said.contains(text)) {
        return;
      }
      boolean alive = running.getAsBoolean();
      if (!alive || System.nanoTime() > deadline) {
        List<String> lines = said.lines().toList();
        throw new AssertionError(
            who
                + (alive ? " did not say `" + text + "` within " + timeout : " exited")
                + "; its output ends:\n"
                + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size())));
      }
      Thread.sleep(200);
    }
  }

  /** A log file's text, empty while the file does not exist yet. */
  public static Callable<String> file(Path log) {
    return () -> Files.exists(log) ? Files.readString(log) : "";
  }
}
