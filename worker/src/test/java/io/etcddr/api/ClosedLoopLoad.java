package io.etcddr.api;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * A closed-loop load: {@code concurrency} clients, each sending its next request the moment the
 * last one is answered, for a while; every latency kept, percentiles over all of them.
 */
final class ClosedLoopLoad {

  /** What one level of load measured. */
  record Result(
      int concurrency,
      long requests,
      long failures,
      double perSecond,
      double p50Ms,
      double p99Ms) {}

  private ClosedLoopLoad() {}

  /**
   * @param request what each client sends, built for each request
   * @param accepted the status code every answer must have (others count as failures)
   */
  static Result run(int concurrency, Duration duration, Supplier<HttpRequest> request, int accepted)
      throws InterruptedException {
    long end = System.nanoTime() + duration.toNanos();
    List<Client> clients = new ArrayList<>();
    for (int c = 0; c < concurrency; c++) {
      clients.add(new Client(end, request, accepted));
    }
    long started = System.nanoTime();
    clients.forEach(Thread::start);
    for (Client client : clients) {
      client.join();
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    long[] all =
        clients.stream()
            .flatMapToLong(c -> Arrays.stream(c.latencies, 0, c.count))
            .sorted()
            .toArray();
    long failures = clients.stream().mapToLong(c -> c.failures).sum();
    return new Result(
        concurrency,
        all.length,
        failures,
        all.length / seconds,
        percentile(all, 0.50),
        percentile(all, 0.99));
  }

  static HttpRequest.Builder to(String url) {
    return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
  }

  private static double percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int index = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
  }

  /** One client: its own connection, one request at a time. */
  private static final class Client extends Thread {
    private final long end;
    private final Supplier<HttpRequest> request;
    private final int accepted;
    private final HttpClient http =
        HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    long[] latencies = new long[1024];
    int count;
    long failures;

    Client(long end, Supplier<HttpRequest> request, int accepted) {
      this.end = end;
      this.request = request;
      this.accepted = accepted;
      setDaemon(true);
    }

    @Override
    public void run() {
      while (System.nanoTime() < end) {
        long start = System.nanoTime();
        try {
          if (http.send(request.get(), HttpResponse.BodyHandlers.discarding()).statusCode()
              != accepted) {
            failures++;
          }
        } catch (Exception e) {
          failures++;
        }
        if (count == latencies.length) {
          latencies = Arrays.copyOf(latencies, count * 2);
        }
        latencies[count++] = System.nanoTime() - start;
      }
    }
  }
}
