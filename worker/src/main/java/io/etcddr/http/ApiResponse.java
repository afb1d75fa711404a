package io.etcddr.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.etcddr.contract.PlanJson;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** What a route answers: a status, a content type, the bytes, and any more headers. */
public record ApiResponse(
    int status, String contentType, byte[] body, Map<String, String> headers) {

  public ApiResponse {
    headers = Map.copyOf(headers);
  }

  public ApiResponse(int status, String contentType, byte[] body) {
    this(status, contentType, body, Map.of());
  }

  /** 303 See Other: after a form's POST, the browser loads {@code location} with GET. */
  public static ApiResponse redirect(String location, Map<String, String> headers) {
    Map<String, String> all = new java.util.LinkedHashMap<>(headers);
    all.put("Location", location);
    return new ApiResponse(303, "text/plain; charset=utf-8", new byte[0], all);
  }

  public ApiResponse withHeader(String name, String value) {
    Map<String, String> all = new java.util.LinkedHashMap<>(headers);
    all.put(name, value);
    return new ApiResponse(status, contentType, body, all);
  }

  /** One mapper for every answer: it builds each type's serializer once, not per request. */
  private static final ObjectMapper JSON = PlanJson.mapper();

  public static ApiResponse json(int status, Object value) {
    try {
      return new ApiResponse(status, "application/json", JSON.writeValueAsBytes(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("response values are plain data", e);
    }
  }

  public static ApiResponse error(int status, String reason) {
    return json(status, Map.of("error", reason));
  }

  public static ApiResponse text(int status, String contentType, String text) {
    return new ApiResponse(status, contentType, text.getBytes(StandardCharsets.UTF_8));
  }
}
