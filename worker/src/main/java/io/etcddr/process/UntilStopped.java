package io.etcddr.process;

import java.util.concurrent.CountDownLatch;

/**
 * Blocks a long-running command until SIGTERM or Ctrl-C, then closes what it started, in reverse
 * (null for parts that were not started).
 */
public final class UntilStopped {

  private UntilStopped() {}

  public static void await(AutoCloseable... resources) throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    CountDownLatch closed = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stopped.countDown();
                  try {
                    closed.await();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                },
                "etcd-dr-shutdown"));
    stopped.await();
    for (int i = resources.length - 1; i >= 0; i--) {
      if (resources[i] == null) {
        continue; // an optional part that was not started
      }
      try {
        resources[i].close();
      } catch (Exception e) {
        System.err.println(
            "etcd-dr: stopping "
                + resources[i].getClass().getSimpleName()
                + " failed: "
                + e.getMessage());
      }
    }
    closed.countDown();
  }
}
