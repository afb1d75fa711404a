package io.etcddr.runbook.inputs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.etcddr.contract.PlanInput;
import io.etcddr.runbook.diagnostics.Suggestions;
import io.etcddr.runbook.model.ValueType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Binds the inputs given for a run (from `--set`, the HTTP API or a schedule) to a plan's declared
 * inputs: unknown names, missing required ones and ill-typed values are refused with a reason;
 * defaults fill the rest.
 */
public final class InputBinder {

  /** Thrown with a one-line reason an operator can act on. */
  public static final class InputException extends Exception {
    private static final long serialVersionUID = 1L;

    public InputException(String message) {
      super(message);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private InputBinder() {}

  /** The full input map of a run, in declaration order. */
  public static Map<String, Object> bind(List<PlanInput> declared, Map<String, Object> given)
      throws InputException {
    List<String> names = declared.stream().map(PlanInput::name).toList();
    for (String name : given.keySet()) {
      if (!names.contains(name)) {
        throw new InputException("unknown input `" + name + "`: " + Suggestions.hint(name, names));
      }
    }
    Map<String, Object> bound = new LinkedHashMap<>();
    for (PlanInput input : declared) {
      ValueType type = ValueType.parse(input.type()).orElseThrow();
      Object value =
          given.containsKey(input.name()) ? given.get(input.name()) : input.defaultValue();
      if (value == null) {
        if (input.required()) {
          throw new InputException(
              "input `"
                  + input.name()
                  + "` ("
                  + type
                  + ") is required: give it with --set "
                  + input.name()
                  + "=VALUE");
        }
        continue;
      }
      if (!type.accepts(value)) {
        throw new InputException(
            "input `" + input.name() + "` must be a " + type + ", not `" + value + "`");
      }
      bound.put(input.name(), value);
    }
    return bound;
  }

  /** Reads a `--set` value as the input's type: `a,b` or `[a, b]` for lists. */
  public static Object parseText(List<PlanInput> declared, String name, String text)
      throws InputException {
    PlanInput input =
        declared.stream()
            .filter(i -> i.name().equals(name))
            .findFirst()
            .orElseThrow(
                () ->
                    new InputException(
                        "unknown input `"
                            + name
                            + "`: "
                            + Suggestions.hint(
                                name, declared.stream().map(PlanInput::name).toList())));
    ValueType type = ValueType.parse(input.type()).orElseThrow();
    String t = text.trim();
    try {
      return switch (type) {
        case INT -> Long.parseLong(t);
        case BOOL -> {
          if (!t.equals("true") && !t.equals("false")) {
            throw new InputException(
                "input `" + name + "` must be true or false, not `" + text + "`");
          }
          yield Boolean.parseBoolean(t);
        }
        case LIST_NODE, LIST_STRING -> list(t);
        case DURATION -> {
          if (!type.accepts(t)) {
            throw new InputException(
                "input `" + name + "` must be a duration such as 30s or 1h, not `" + text + "`");
          }
          yield t;
        }
        default -> text;
      };
    } catch (NumberFormatException e) {
      throw new InputException("input `" + name + "` must be a whole number, not `" + text + "`");
    }
  }

  private static List<String> list(String text) throws InputException {
    if (text.isEmpty() || text.equals("[]")) {
      return List.of();
    }
    if (text.startsWith("[")) {
      try {
        return Arrays.asList(JSON.readValue(text, String[].class));
      } catch (JsonProcessingException e) {
        throw new InputException("list `" + text + "` is not a JSON list of strings; write a,b,c");
      }
    }
    List<String> out = new ArrayList<>();
    for (String part : text.split(",")) {
      if (!part.isBlank()) {
        out.add(part.trim());
      }
    }
    return out;
  }
}
