package io.etcddr.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.etcddr.contract.OneLine;
import io.etcddr.people.Person;
import java.io.IOException;
import java.util.Map;

/**
 * An authenticated request whose body was read within the size limit.
 *
 * @param params the route's path parameters, decoded
 * @param person the person the worker identified on it; null for the shared token
 * @param headers the first value of each request header, names in lower case
 * @param secure whether it came over HTTPS
 */
public record ApiRequest(
    String method,
    String path,
    Map<String, String> params,
    byte[] body,
    Person person,
    Map<String, String> headers,
    boolean secure) {

  public ApiRequest(String method, String path, Map<String, String> params, byte[] body) {
    this(method, path, params, body, null, Map.of(), false);
  }

  /** A request header's first value, by its name in lower case; null when absent. */
  public String header(String lowerCaseName) {
    return headers.get(lowerCaseName);
  }

  /** Request bodies are strict: a misspelt field is a 400 that names it, not a silent default. */
  private static final ObjectMapper STRICT =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  public String param(String name) {
    return params.get(name);
  }

  /** The body as {@code type}; an empty body is {@code empty}. */
  public <T> T json(Class<T> type, T empty) {
    if (body.length == 0) {
      return empty;
    }
    return read(STRICT, body, type);
  }

  /** Parses JSON; what is wrong becomes a 400 naming the field, never an echo of the body. */
  public static <T> T read(ObjectMapper mapper, byte[] body, Class<T> type) {
    try {
      T value = mapper.readValue(body, type);
      if (value == null) {
        throw ApiException.badRequest("the body is JSON null; send a JSON object");
      }
      return value;
    } catch (JsonMappingException e) {
      String where = e.getPathReference() == null ? "" : " at " + fieldPath(e);
      throw ApiException.badRequest(
          "bad JSON body" + where + ": " + OneLine.of(e.getOriginalMessage(), 160));
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest(
          "the body is not JSON: " + OneLine.of(e.getOriginalMessage(), 160));
    } catch (IOException e) {
      throw ApiException.badRequest(
          "the body could not be read: " + OneLine.of(e.getMessage(), 160));
    }
  }

  private static String fieldPath(JsonMappingException e) {
    StringBuilder out = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        out.append(out.length() == 0 ? "" : ".").append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        out.append('[').append(ref.getIndex()).append(']');
      }
    }
    return out.length() == 0 ? "the top level" : "`" + out + "`";
  }

  /** Jackson's messages can quote the input; keep one short line. */
}
