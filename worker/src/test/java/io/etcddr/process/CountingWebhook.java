package io.etcddr.process;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A webhook receiver on loopback that appends each call's `step` to a file (the side effects a test
 * counts) and can hold one step's first call open, so the caller can be killed mid-step.
 */
final class CountingWebhook implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final Path ledger;
  private final String holdStep;
  final CountDownLatch held = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);

  CountingWebhook(Path ledger, String holdStep) throws IOException {
    this.ledger = ledger;
    this.holdStep = holdStep;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.createContext(
        "/hook",
        exchange -> {
          Map<?, ?> body = JSON.readValue(exchange.getRequestBody(), Map.class);
          String step = String.valueOf(body.get("step"));
          synchronized (this) {
            Files.writeString(
                ledger,
                step + "\n",
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
          }
          if (step.equals(holdStep) && held.getCount() == 1) {
            held.countDown();
            try {
              release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
  }

  void release() {
    release.countDown();
  }

  List<String> calls() throws IOException {
    return Files.exists(ledger) ? Files.readAllLines(ledger) : List.of();
  }

  @Override
  public void close() {
    release.countDown();
    server.stop(0);
  }
}
