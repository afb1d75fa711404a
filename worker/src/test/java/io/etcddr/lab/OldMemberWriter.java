package io.etcddr.lab;

import io.etcd.jetcd.Client;
import io.etcddr.activities.etcd.EtcdClients;
import io.etcddr.activities.etcd.EtcdTls;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** Tries to write to site A's old members only, counting every write one of them takes. */
final class OldMemberWriter extends Thread {

  final AtomicInteger acknowledged = new AtomicInteger();
  final AtomicBoolean stopped = new AtomicBoolean();
  private final Lab lab;

  OldMemberWriter(Lab lab) {
    this.lab = lab;
    setDaemon(true);
  }

  @Override
  public void run() {
    LabLayout l = lab.layout();
    EtcdTls tls = new EtcdTls(l.workerCert("ca"), l.workerCert("cert"), l.workerCert("key"));
    List<String> old =
        lab.nodes().stream()
            .filter(LabNode::etcd)
            .map(n -> "https://" + n.address() + ":2379")
            .toList();
    for (int i = 0; !stopped.get(); i++) {
      try (Client client = EtcdClients.connect(old, tls)) {
        client
            .getKVClient()
            .put(EtcdKeys.bytes("/registry/after-power-on/" + i), EtcdKeys.bytes("old"))
            .get(1, TimeUnit.SECONDS);
        acknowledged.incrementAndGet();
      } catch (Exception refused) {
        // what a fenced member must do
      }
    }
  }

  void stopWriting() throws InterruptedException {
    stopped.set(true);
    join(30_000);
  }
}
