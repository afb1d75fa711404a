package io.etcddr.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy in front of the Temporal server that the test can cut: {@link #cut} closes every
 * connection and stops listening (clients see connection refused, as with a server that is gone),
 * {@link #restore} listens again on the same port.
 */
public final class CuttableProxy implements AutoCloseable {

  private final String host;
  private final int port;
  private final int target;
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private volatile ServerSocket listening;

  public CuttableProxy(String host, int port, int target) throws IOException {
    this.host = host;
    this.port = port;
    this.target = target;
    restore();
  }

  public String address() {
    return host + ":" + port;
  }

  public synchronized void restore() throws IOException {
    ServerSocket server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(new InetSocketAddress(host, port));
    listening = server;
    Thread accepting = new Thread(() -> accept(server), "proxy-accept");
    accepting.setDaemon(true);
    accepting.start();
  }

  public synchronized void cut() throws IOException {
    listening.close();
    for (Socket socket : open) {
      socket.close();
    }
    open.clear();
  }

  private void accept(ServerSocket server) {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket upstream = new Socket(host.equals("0.0.0.0") ? "127.0.0.1" : host, target);
        open.add(client);
        open.add(upstream);
        pipe(client, upstream);
        pipe(upstream, client);
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void pipe(Socket from, Socket to) {
    Thread copying =
        new Thread(
            () -> {
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
              } catch (IOException gone) {
                // cut, or one side closed
              } finally {
                try {
                  from.close();
                  to.close();
                } catch (IOException ignored) {
                  // already closed
                }
              }
            },
            "proxy-pipe");
    copying.setDaemon(true);
    copying.start();
  }

  @Override
  public void close() throws IOException {
    cut();
  }
}
