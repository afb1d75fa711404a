package io.etcddr.runbook.compile;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Normalises plain JSON values so that a plan equals itself after a JSON round trip: whole numbers
 * that fit are Integers (as Jackson reads them back), collections are unmodifiable and keep their
 * order.
 */
final class PlainValues {

  private PlainValues() {}

  static Object normalize(Object value) {
    if (value instanceof Long number
        && number >= Integer.MIN_VALUE
        && number <= Integer.MAX_VALUE) {
      return number.intValue();
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(String.valueOf(k), normalize(v)));
      return Collections.unmodifiableMap(out);
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      list.forEach(v -> out.add(normalize(v)));
      return Collections.unmodifiableList(out);
    }
    return value;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> copyOf(Map<String, Object> map) {
    return map == null ? Map.of() : (Map<String, Object>) normalize(map);
  }

  static Map<String, String> sortedStrings(Map<String, String> map) {
    return map == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(map));
  }
}
