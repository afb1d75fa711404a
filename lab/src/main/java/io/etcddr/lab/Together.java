package io.etcddr.lab;

import io.etcddr.activities.support.DaemonThreads;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One action per node, all at once, as a site's machines boot or stop together: five dockerd that
 * each take seconds to start or stop cost the lab the slowest of them, not their sum. Either way
 * (at once, or in turn where order matters) every action runs, and the first failure is thrown.
 */
final class Together {

  /** What is done to one node. */
  @FunctionalInterface
  interface NodeAction<T> {
    void run(T node) throws Exception;
  }

  private Together() {}

  /**
   * Runs {@code action} for every node at once and returns when all have ended; the first failure
   * is thrown with the others suppressed in it, after every action has ended.
   */
  static <T> void forEach(List<T> nodes, NodeAction<T> action) throws Exception {
    if (nodes.size() <= 1) {
      for (T node : nodes) {
        action.run(node);
      }
      return;
    }
    ExecutorService threads =
        Executors.newFixedThreadPool(nodes.size(), DaemonThreads.named("lab-node"));
    try {
      List<Future<?>> running = new ArrayList<>();
      for (T node : nodes) {
        running.add(
            threads.submit(
                () -> {
                  action.run(node);
                  return null;
                }));
      }
      Exception failed = null;
      for (Future<?> each : running) {
        try {
          each.get();
        } catch (ExecutionException e) {
          failed =
              kept(
                  failed,
                  e.getCause() instanceof Exception exception
                      ? exception
                      : new IllegalStateException(e.getCause()));
        }
      }
      if (failed != null) {
        throw failed;
      }
    } finally {
      threads.shutdownNow();
    }
  }

  /**
   * Runs each step in turn, also after one failed (a lab's parts stopped in order); the first
   * failure is thrown with the others suppressed in it, after every step has run.
   */
  static void inTurn(List<AutoCloseable> steps) throws Exception {
    Exception failed = null;
    for (AutoCloseable step : steps) {
      try {
        step.close();
      } catch (Exception e) {
        failed = kept(failed, e);
      }
    }
    if (failed != null) {
      throw failed;
    }
  }

  /** The first failure, with each later one suppressed in it. */
  private static Exception kept(Exception first, Exception next) {
    if (first == null) {
      return next;
    }
    first.addSuppressed(next);
    return first;
  }
}
