package io.etcddr.api;

import com.sun.net.httpserver.HttpExchange;
import io.etcddr.http.ApiException;
import io.etcddr.http.ApiResponse;

/**
 * The one browser origin allowed to call the API from its pages (the Temporal Web UI, for the codec
 * endpoints), with credentials: its requests get the CORS headers, its preflights a 204. Any other
 * origin gets no CORS header, so a browser keeps the answer from its page.
 */
public record CrossOrigin(String origin) {

  public static final CrossOrigin NONE = new CrossOrigin(null);

  /** Adds the CORS headers when the request comes from the allowed origin; whether it does. */
  boolean allow(HttpExchange exchange) {
    String from = exchange.getRequestHeaders().getFirst("Origin");
    if (origin == null || from == null || !origin.equals(from)) {
      return false;
    }
    var headers = exchange.getResponseHeaders();
    headers.set("Access-Control-Allow-Origin", origin);
    headers.set("Access-Control-Allow-Credentials", "true");
    headers.set("Vary", "Origin");
    return true;
  }

  ApiResponse preflight(HttpExchange exchange, boolean allowed, boolean knownPath) {
    if (!knownPath) {
      throw ApiException.notFound("no route for this preflight; see the HTTP API in README.md");
    }
    if (!allowed) {
      throw new ApiException(
          403, "this origin may not call the API from a browser; see --codec-cors-origin");
    }
    var headers = exchange.getResponseHeaders();
    headers.set("Access-Control-Allow-Methods", "GET, POST");
    headers.set("Access-Control-Allow-Headers", "Authorization, Content-Type, X-Namespace");
    headers.set("Access-Control-Max-Age", "600");
    return new ApiResponse(204, "text/plain", new byte[0]);
  }
}
