package io.etcddr.lab;

import static io.etcddr.lab.EtcdKeys.bytes;

import io.etcd.jetcd.Client;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes Kubernetes-shaped keys all along, as the cluster's clients do; writes fail while etcd is
 * down for the restore and succeed again on the new cluster.
 */
final class RegistryWriter extends Thread implements AutoCloseable {
  private final Client client;
  private final AtomicBoolean stopped = new AtomicBoolean();
  private final AtomicLong writes = new AtomicLong();

  RegistryWriter(Client client) {
    this.client = client;
    setDaemon(true);
  }

  @Override
  public void run() {
    for (int i = 0; !stopped.get(); i++) {
      try {
        client
            .getKVClient()
            .put(bytes("/registry/configmaps/default/writer-" + i), bytes("v" + i))
            .get(2, TimeUnit.SECONDS);
        writes.incrementAndGet();
        Thread.sleep(20);
      } catch (InterruptedException e) {
        return;
      } catch (Exception unavailable) {
        // etcd is stopped for the restore: nothing is acknowledged, nothing promised
      }
    }
  }

  void awaitWrites(long count) throws InterruptedException {
    while (writes.get() < count) {
      Thread.sleep(50);
    }
  }

  /** Writes acknowledged within the last {@code window}, after waiting that long. */
  long writesSince(Duration window) throws InterruptedException {
    long before = writes.get();
    Thread.sleep(window.toMillis());
    return writes.get() - before;
  }

  @Override
  public void close() throws InterruptedException {
    stopped.set(true);
    join(10_000);
  }
}
