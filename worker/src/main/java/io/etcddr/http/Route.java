package io.etcddr.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One method and path pattern with its handler. {@code {name}} in a pattern matches one or more
 * characters, slashes included: run ids are {@code runbook/cluster}, and a client may send the
 * slash as it is or as {@code %2F}.
 */
public final class Route {

  /** Answers one request. */
  @FunctionalInterface
  public interface Handler {
    ApiResponse handle(ApiRequest request);
  }

  private static final Pattern PARAM = Pattern.compile("\\{(\\w+)}");

  private final String method;
  private final boolean open;
  private final Handler handler;
  private final Pattern regex;
  private final List<String> params = new ArrayList<>();

  private Route(String method, String pattern, boolean open, Handler handler) {
    this.method = method;
    this.open = open;
    this.handler = handler;
    StringBuilder regex = new StringBuilder();
    Matcher m = PARAM.matcher(pattern);
    int last = 0;
    while (m.find()) {
      regex.append(Pattern.quote(pattern.substring(last, m.start()))).append("(.+)");
      params.add(m.group(1));
      last = m.end();
    }
    regex.append(Pattern.quote(pattern.substring(last)));
    this.regex = Pattern.compile(regex.toString());
  }

  /** A route that needs the bearer token. */
  public static Route of(String method, String pattern, Handler handler) {
    return new Route(method, pattern, false, handler);
  }

  /** A route anyone may call (health checks). */
  public static Route open(String method, String pattern, Handler handler) {
    return new Route(method, pattern, true, handler);
  }

  public String method() {
    return method;
  }

  public boolean open() {
    return open;
  }

  public Handler handler() {
    return handler;
  }

  /** The path parameters when {@code path} matches this route's pattern. */
  public Optional<Map<String, String>> match(String path) {
    Matcher m = regex.matcher(path);
    if (!m.matches()) {
      return Optional.empty();
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < params.size(); i++) {
      values.put(params.get(i), m.group(i + 1));
    }
    return Optional.of(values);
  }
}
