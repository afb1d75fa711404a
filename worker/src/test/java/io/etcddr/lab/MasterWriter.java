package io.etcddr.lab;

import io.etcd.jetcd.Client;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** Writes Kubernetes-shaped keys through the masters, recording each acknowledged revision. */
final class MasterWriter extends Thread {

  final Map<String, Long> acknowledged = new ConcurrentHashMap<>();
  final AtomicBoolean stopped = new AtomicBoolean();
  private final LabFixture fixture;

  MasterWriter(LabFixture fixture) {
    this.fixture = fixture;
    setDaemon(true);
  }

  @Override
  public void run() {
    List<String> masters =
        fixture.lab.nodes().stream()
            .filter(LabNode::etcd)
            .map(n -> "https://" + n.address() + ":2379")
            .toList();
    try (Client client = fixture.etcdClient(masters)) {
      for (int i = 0; !stopped.get(); i++) {
        String key = "/registry/configmaps/default/writer-" + i;
        try {
          long revision =
              client
                  .getKVClient()
                  .put(EtcdKeys.bytes(key), EtcdKeys.bytes("v" + i))
                  .get(2, TimeUnit.SECONDS)
                  .getHeader()
                  .getRevision();
          acknowledged.put(key, revision);
        } catch (Exception unacknowledged) {
          // Site A is gone: this write was never acknowledged, so nothing is promised for it.
        }
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  long highestRevision() {
    return acknowledged.values().stream().mapToLong(Long::longValue).max().orElse(0);
  }

  void awaitWrites(int count) throws InterruptedException {
    while (acknowledged.size() < count) {
      Thread.sleep(50);
    }
  }

  void stopWriting() throws InterruptedException {
    stopped.set(true);
    join(30_000);
  }
}
