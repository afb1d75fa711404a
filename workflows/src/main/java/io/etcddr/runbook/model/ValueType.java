package io.etcddr.runbook.model;

import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import io.etcddr.contract.DurationText;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The types a runbook input, an activity's `with` field or an activity's output can have. Each maps
 * to a CEL type for checking expressions and to a JSON Schema fragment for editors.
 */
public enum ValueType {
  STRING("string", SimpleType.STRING),
  INT("int", SimpleType.INT),
  BOOL("bool", SimpleType.BOOL),
  DOUBLE("double", SimpleType.DOUBLE),
  /** Go-style text such as {@code 30s} or {@code 1h30m}; a string in expressions. */
  DURATION("duration", SimpleType.STRING),
  /** A node name from the cluster inventory; a string in expressions. */
  NODE("node", SimpleType.STRING),
  LIST_NODE("list<node>", ListType.create(SimpleType.STRING)),
  LIST_STRING("list<string>", ListType.create(SimpleType.STRING)),
  MAP("map", MapType.create(SimpleType.STRING, SimpleType.DYN)),
  LIST_MAP("list<map>", ListType.create(MapType.create(SimpleType.STRING, SimpleType.DYN))),
  ANY("any", SimpleType.DYN);

  /** The types a runbook's `inputs:` may declare. */
  public static final List<ValueType> INPUT_TYPES =
      List.of(STRING, INT, BOOL, DURATION, NODE, LIST_NODE, LIST_STRING);

  private final String spelling;
  private final CelType celType;

  ValueType(String spelling, CelType celType) {
    this.spelling = spelling;
    this.celType = celType;
  }

  public String spelling() {
    return spelling;
  }

  public CelType celType() {
    return celType;
  }

  public static Optional<ValueType> parse(String text) {
    String compact = text.replace(" ", "");
    return Arrays.stream(values()).filter(t -> t.spelling.equals(compact)).findFirst();
  }

  public boolean isList() {
    return this == LIST_NODE || this == LIST_STRING || this == LIST_MAP;
  }

  /** Whether a plain YAML/JSON value (no expressions) is a valid value of this type. */
  public boolean accepts(Object value) {
    return switch (this) {
      case STRING, NODE -> value instanceof String;
      case INT -> value instanceof Long || value instanceof Integer;
      case BOOL -> value instanceof Boolean;
      case DOUBLE -> value instanceof Number;
      case DURATION -> value instanceof String s && DurationText.parse(s).isPresent();
      case LIST_NODE, LIST_STRING ->
          value instanceof List<?> l && l.stream().allMatch(String.class::isInstance);
      case MAP -> value instanceof Map<?, ?>;
      case LIST_MAP -> value instanceof List<?> l && l.stream().allMatch(Map.class::isInstance);
      case ANY -> true;
    };
  }

  /** Whether a CEL expression of type {@code actual} may stand where this type is expected. */
  public boolean acceptsCel(CelType actual) {
    if (actual.equals(SimpleType.DYN) || this == ANY) {
      return true;
    }
    if (this == MAP) {
      // map<string, dyn> takes any map keyed by strings: its values are not looked at.
      return actual.kind() == celType.kind()
          && (actual.parameters().get(0).equals(SimpleType.STRING)
              || actual.parameters().get(0).equals(SimpleType.DYN));
    }
    if (isList()) {
      return actual.kind() == celType.kind()
          && (actual.parameters().equals(celType.parameters())
              || actual.parameters().stream().allMatch(p -> p.equals(SimpleType.DYN)));
    }
    if (this == DOUBLE) {
      return actual.equals(SimpleType.DOUBLE) || actual.equals(SimpleType.INT);
    }
    return actual.equals(celType);
  }

  @Override
  public String toString() {
    return spelling;
  }
}
