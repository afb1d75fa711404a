package io.etcddr.api;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsServer;
import io.etcddr.activities.support.DaemonThreads;
import io.etcddr.config.BadSetting;
import io.etcddr.connect.GrpcStatus;
import io.etcddr.http.ApiException;
import io.etcddr.http.ApiRequest;
import io.etcddr.http.ApiResponse;
import io.etcddr.http.Route;
import io.etcddr.people.Person;
import io.etcddr.people.Users;
import io.grpc.Status;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API on the JDK's HTTP server. Every request goes through the same gate, in this order:
 * route found (404, or 405 for another method), bearer token (401), body within {@link #MAX_BODY}
 * (413), then the handler. Whatever a handler throws becomes a JSON error with a one-line reason;
 * an unexpected failure is logged here and answered 500 without its details.
 */
public final class ApiServer implements AutoCloseable {

  /** Alertmanager batches alerts per group; a megabyte holds thousands of them. */
  public static final int MAX_BODY = 1 << 20;

  /** How much of a too-large body is read and dropped before answering 413. */
  private static final int MAX_DISCARD = 8 << 20;

  private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);

  /**
   * Handlers mostly wait on Temporal (a start, a query, a describe): threads, not cores, bound how
   * many alerts are answered at once.
   */
  private static final int THREADS = 16;

  static {
    // The JDK server writes headers and body in separate segments; with Nagle's algorithm on, a
    // keep-alive client's delayed ACK then holds every answer ~40 ms (measured: /healthz p50 44
    // ms).
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final Callers callers;
  private final List<Route> routes;
  private final CrossOrigin cors;

  private ApiServer(
      HttpServer server,
      ExecutorService executor,
      Callers callers,
      List<Route> routes,
      CrossOrigin cors) {
    this.server = server;
    this.executor = executor;
    this.callers = callers;
    this.routes = List.copyOf(routes);
    this.cors = cors;
  }

  /** Plain HTTP. */
  public static ApiServer start(InetSocketAddress address, ApiToken token, List<Route> routes) {
    return start(address, null, token, routes);
  }

  /**
   * @param tls null: plain HTTP
   */
  public static ApiServer start(
      InetSocketAddress address, ApiTls tls, ApiToken token, List<Route> routes) {
    return start(address, tls, token, routes, CrossOrigin.NONE);
  }

  /**
   * @param cors the browser origin (a Temporal Web UI) allowed to call the API from its pages
   */
  public static ApiServer start(
      InetSocketAddress address, ApiTls tls, ApiToken token, List<Route> routes, CrossOrigin cors) {
    return start(address, tls, token, null, routes, cors);
  }

  /**
   * @param users the people who may call with a personal token or client certificate; null: none
   */
  public static ApiServer start(
      InetSocketAddress address,
      ApiTls tls,
      ApiToken token,
      Users users,
      List<Route> routes,
      CrossOrigin cors) {
    HttpServer server;
    try {
      if (tls == null) {
        server = HttpServer.create(address, 64);
      } else {
        HttpsServer https = HttpsServer.create(address, 64);
        https.setHttpsConfigurator(tls.configurator());
        server = https;
      }
    } catch (BindException e) {
      throw new BadSetting(
          "cannot listen on "
              + address.getHostString()
              + ":"
              + address.getPort()
              + " (in use?); choose another with --http");
    } catch (IOException e) {
      throw new BadSetting("cannot listen on " + address + ": " + e.getMessage());
    }
    ExecutorService executor =
        Executors.newFixedThreadPool(THREADS, DaemonThreads.named("etcd-dr-http"));
    ApiServer api = new ApiServer(server, executor, new Callers(token, users), routes, cors);
    server.setExecutor(executor);
    server.createContext("/", api::serve);
    server.start();
    return api;
  }

  public InetSocketAddress address() {
    return server.getAddress();
  }

  /** Where it listens, as a URL: http or https. */
  public String url() {
    return (server instanceof HttpsServer ? "https://" : "http://")
        + address().getHostString()
        + ":"
        + address().getPort();
  }

  private void serve(HttpExchange exchange) {
    ApiResponse response;
    try {
      boolean allowed = cors.allow(exchange);
      if (exchange.getRequestMethod().equals("OPTIONS")) {
        // a browser's preflight carries no credentials: answered before authentication
        response = cors.preflight(exchange, allowed, known(exchange.getRequestURI().getPath()));
      } else {
        response = answer(exchange);
      }
    } catch (ApiException e) {
      response = ApiResponse.error(e.status(), e.getMessage());
    } catch (RuntimeException e) {
      response = unexpected(exchange, e);
    }
    send(exchange, response);
  }

  private boolean known(String path) {
    return routes.stream().anyMatch(r -> r.match(path).isPresent());
  }

  private ApiResponse answer(HttpExchange exchange) {
    String path = exchange.getRequestURI().getPath();
    String method = exchange.getRequestMethod();
    Route route = null;
    Map<String, String> params = null;
    boolean pathKnown = false;
    for (Route candidate : routes) {
      Optional<Map<String, String>> match = candidate.match(path);
      if (match.isPresent()) {
        pathKnown = true;
        if (candidate.method().equals(method)) {
          route = candidate;
          params = match.get();
          break;
        }
      }
    }
    if (route == null) {
      throw pathKnown
          ? new ApiException(405, method + " is not allowed on " + path)
          : ApiException.notFound("no route " + path + "; see the HTTP API in README.md");
    }
    Optional<Callers.Caller> caller = route.open() ? Optional.empty() : callers.identify(exchange);
    if (!route.open() && caller.isEmpty()) {
      exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"etcd-dr\"");
      throw new ApiException(
          401, "missing or wrong bearer token; send `Authorization: Bearer <token>`");
    }
    byte[] body = readBody(exchange);
    Person person = caller.flatMap(Callers.Caller::person).orElse(null);
    Map<String, String> headers = new java.util.HashMap<>();
    exchange
        .getRequestHeaders()
        .forEach(
            (name, values) -> headers.put(name.toLowerCase(java.util.Locale.ROOT), values.get(0)));
    return route
        .handler()
        .handle(
            new ApiRequest(
                method,
                path,
                params,
                body,
                person,
                headers,
                exchange instanceof com.sun.net.httpserver.HttpsExchange));
  }

  /**
   * Reads at most {@link #MAX_BODY} bytes. A longer body is a 413; up to {@link #MAX_DISCARD} of it
   * is read and dropped first, so the client, still sending, gets the answer rather than a reset.
   */
  private static byte[] readBody(HttpExchange exchange) {
    String declared = exchange.getRequestHeaders().getFirst("Content-Length");
    if (declared != null) {
      try {
        if (Long.parseLong(declared.strip()) > MAX_DISCARD) {
          throw tooLarge();
        }
      } catch (NumberFormatException e) {
        throw ApiException.badRequest("Content-Length is not a number");
      }
    }
    try (InputStream in = exchange.getRequestBody()) {
      byte[] body = in.readNBytes(MAX_BODY + 1);
      if (body.length > MAX_BODY) {
        // read, not skip: the JDK's request stream lets skip() run past the body's end
        byte[] sink = new byte[64 << 10];
        long dropped = 0;
        for (int n; dropped < MAX_DISCARD && (n = in.read(sink)) > 0; ) {
          dropped += n;
        }
        throw tooLarge();
      }
      return body;
    } catch (IOException e) {
      throw ApiException.badRequest("the body could not be read: " + e.getMessage());
    }
  }

  private static ApiException tooLarge() {
    return new ApiException(413, "the body is larger than " + MAX_BODY + " bytes");
  }

  private static ApiResponse unexpected(HttpExchange exchange, RuntimeException e) {
    if (GrpcStatus.is(e, Status.Code.UNAVAILABLE, Status.Code.DEADLINE_EXCEEDED)) {
      LOG.warn(
          "{} {}: Temporal is unreachable: {}",
          exchange.getRequestMethod(),
          exchange.getRequestURI().getPath(),
          e.getMessage());
      return ApiResponse.error(503, "Temporal is unreachable; retry later");
    }
    LOG.error("{} {} failed", exchange.getRequestMethod(), exchange.getRequestURI().getPath(), e);
    return ApiResponse.error(500, "internal error; the worker's log has the details");
  }

  private static void send(HttpExchange exchange, ApiResponse response) {
    try (exchange) {
      exchange.getResponseHeaders().set("Content-Type", response.contentType());
      response.headers().forEach(exchange.getResponseHeaders()::set);
      exchange.sendResponseHeaders(
          response.status(), response.body().length == 0 ? -1 : response.body().length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(response.body());
      }
    } catch (IOException gone) {
      LOG.info(
          "could not answer {} {}: {}",
          exchange.getRequestMethod(),
          exchange.getRequestURI().getPath(),
          gone.getMessage());
    }
  }

  /** Stops accepting, lets requests in flight finish for up to a second. */
  @Override
  public void close() {
    server.stop(1);
    executor.shutdownNow();
  }
}
