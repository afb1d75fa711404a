package io.etcddr.guard;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Whether a machine answers on the network, by a TCP connection: a refusal counts as an answer (the
 * machine is there, nothing listens on that port); a timeout or "no route" does not. A node cut
 * off, or without power, gives no answer at all.
 */
class Reach {

  /** etcd's peer port: open between sites wherever etcd members talk to each other. */
  static final int PEER_PORT = 2380;

  private final Duration timeout;
  private final ExecutorService askers =
      Executors.newCachedThreadPool(io.etcddr.activities.support.DaemonThreads.named("reach"));

  Reach(Duration timeout) {
    this.timeout = timeout;
  }

  boolean answers(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
      return true;
    } catch (ConnectException refused) {
      return refused.getMessage() != null && refused.getMessage().contains("refused");
    } catch (IOException silent) {
      return false;
    }
  }

  /** Whether any of the hosts answers on etcd's peer port; asked side by side. */
  boolean anyPeer(List<String> hosts) {
    List<CompletableFuture<Boolean>> asked =
        hosts.stream()
            .map(h -> CompletableFuture.supplyAsync(() -> answers(h, PEER_PORT), askers))
            .toList();
    return asked.stream().anyMatch(CompletableFuture::join);
  }

  void close() {
    askers.shutdownNow();
  }
}
