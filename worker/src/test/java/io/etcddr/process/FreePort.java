package io.etcddr.process;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** A port nothing listens on at a loopback address, for a server a test is about to start. */
public final class FreePort {

  private FreePort() {}

  public static int on(String host) throws IOException {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(host, 0));
      return socket.getLocalPort();
    }
  }
}
