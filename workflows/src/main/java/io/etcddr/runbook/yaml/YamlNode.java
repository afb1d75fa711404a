package io.etcddr.runbook.yaml;

import io.etcddr.runbook.diagnostics.SourceSpan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A YAML syntax tree that remembers where every node came from, so that every later stage can point
 * at the text it is unhappy with.
 */
public sealed interface YamlNode {

  SourceSpan span();

  /** What a reader calls this kind of node in an error message. */
  String kindName();

  /** The plain Java value (String, Long, Double, Boolean, null, List, Map) without positions. */
  Object toPlain();

  /** A key of a mapping, with its own position. */
  record Key(String name, SourceSpan span) {}

  record Entry(Key key, YamlNode value) {}

  record Mapping(List<Entry> entries, SourceSpan span) implements YamlNode {
    public Mapping {
      entries = List.copyOf(entries);
    }

    public Optional<YamlNode> get(String key) {
      return entries.stream().filter(e -> e.key().name().equals(key)).map(Entry::value).findFirst();
    }

    public Optional<Key> keyOf(String key) {
      return entries.stream().map(Entry::key).filter(k -> k.name().equals(key)).findFirst();
    }

    @Override
    public String kindName() {
      return "a mapping";
    }

    @Override
    public Object toPlain() {
      Map<String, Object> plain = new LinkedHashMap<>();
      entries.forEach(e -> plain.put(e.key().name(), e.value().toPlain()));
      return plain;
    }
  }

  record Sequence(List<YamlNode> items, SourceSpan span) implements YamlNode {
    public Sequence {
      items = List.copyOf(items);
    }

    @Override
    public String kindName() {
      return "a list";
    }

    @Override
    public Object toPlain() {
      List<Object> plain = new ArrayList<>();
      items.forEach(i -> plain.add(i.toPlain()));
      return plain;
    }
  }

  /** A scalar with its resolved value (String, Long, Double, Boolean or null) and its text. */
  record Scalar(Object value, String text, SourceSpan span) implements YamlNode {

    @Override
    public String kindName() {
      if (value == null) {
        return "null";
      }
      if (value instanceof String) {
        return "a string";
      }
      if (value instanceof Boolean) {
        return "a boolean";
      }
      return "a number";
    }

    @Override
    public Object toPlain() {
      return value;
    }
  }
}
