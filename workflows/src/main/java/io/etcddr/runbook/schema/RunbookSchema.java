package io.etcddr.runbook.schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.etcddr.runbook.catalog.ActivityCatalog;
import io.etcddr.runbook.catalog.ActivityDefinition;
import io.etcddr.runbook.catalog.Field;
import io.etcddr.runbook.model.ValueType;
import io.etcddr.runbook.read.RunbookReader;
import java.util.List;

/**
 * Generates the JSON Schema (draft-07, what the VS Code YAML extension speaks) of runbook language
 * v1 from the reader's keys and the activity catalog, so editors complete and check runbooks as
 * they are typed. The checked-in copy is compared with this output by a test.
 */
public final class RunbookSchema {

  public static final String RELATIVE_PATH = "runbooks/schema/runbook.schema.json";

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final String EXPRESSION = "#/definitions/expression";

  private RunbookSchema() {}

  public static String generate() {
    try {
      ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      return mapper.writeValueAsString(schema()) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of plain nodes always serialises", e);
    }
  }

  static ObjectNode schema() {
    ObjectNode root = JSON.objectNode();
    root.put("$schema", "http://json-schema.org/draft-07/schema#");
    root.put("$id", "urn:etcd-dr:runbook:v1");
    root.put("title", "etcd-dr runbook v1");
    root.put(
        "description", "Generated from the runbook model and the activity catalog; do not edit.");
    root.put("type", "object");
    root.put("additionalProperties", false);
    root.set("required", strings(List.of("apiVersion", "kind", "metadata", "steps")));
    ObjectNode props = root.putObject("properties");
    props.putObject("apiVersion").put("const", RunbookReader.API_VERSION);
    props.putObject("kind").put("const", RunbookReader.KIND);
    props.set("metadata", metadata());
    ObjectNode inputs = props.putObject("inputs");
    inputs.put("type", "object");
    inputs.putObject("propertyNames").put("pattern", anchored(RunbookReader.INPUT_NAME.pattern()));
    inputs.putObject("additionalProperties").put("$ref", "#/definitions/input");
    props.set("schedule", schedule());
    props.set("triggers", triggers());
    ObjectNode steps = props.putObject("steps");
    steps.put("type", "array");
    steps.put("minItems", 1);
    steps.putObject("items").put("$ref", "#/definitions/step");
    ObjectNode onFailure = props.putObject("onFailure");
    onFailure.put("type", "array");
    onFailure.putObject("items").put("$ref", "#/definitions/step");
    ObjectNode outputs = props.putObject("outputs");
    outputs.put("type", "object");
    outputs.put(
        "description", "name → value, evaluated when the run ends: the run's result and report");
    outputs.putObject("propertyNames").put("pattern", anchored(RunbookReader.INPUT_NAME.pattern()));
    root.set("definitions", definitions());
    return root;
  }

  private static ObjectNode metadata() {
    ObjectNode metadata = closedObject(List.of("name"));
    ObjectNode props = metadata.putObject("properties");
    props
        .putObject("name")
        .put("type", "string")
        .put("pattern", anchored(RunbookReader.RUNBOOK_NAME.pattern()));
    props.putObject("description").put("type", "string");
    props.putObject("labels").put("type", "object");
    return metadata;
  }

  private static ObjectNode schedule() {
    ObjectNode schedule = closedObject(List.of("cron"));
    ObjectNode props = schedule.putObject("properties");
    props
        .putObject("cron")
        .put("type", "string")
        .put("description", "five-field cron, e.g. 0 3 * * *");
    props
        .putObject("jitter")
        .put("$ref", "#/definitions/duration")
        .put("description", "delay each firing by a random time up to this, e.g. 10m");
    props.putObject("inputs").put("type", "object");
    return schedule;
  }

  private static ObjectNode triggers() {
    ObjectNode triggers = closedObject(List.of("alerts"));
    ObjectNode alerts = triggers.putObject("properties").putObject("alerts");
    alerts.put("type", "array");
    ObjectNode alert = closedObject(List.of("match"));
    ObjectNode props = alert.putObject("properties");
    ObjectNode match = props.putObject("match");
    match.put("type", "object");
    match.put("minProperties", 1);
    match
        .putObject("additionalProperties")
        .set("type", strings(List.of("string", "number", "boolean")));
    props.putObject("inputs").put("type", "object");
    alerts.set("items", alert);
    return triggers;
  }

  private static ObjectNode definitions() {
    ObjectNode defs = JSON.objectNode();
    defs.putObject("expression")
        .put("type", "string")
        .put("pattern", "\\$\\{\\{")
        .put("description", "a CEL expression inside ${{ }}");
    defs.putObject("duration")
        .put("type", "string")
        .put("pattern", "^(?!(0+(ms|s|m|h|d))+$)(\\d+(ms|s|m|h|d))+$")
        .put("description", "e.g. 30s, 2m, 1h30m");
    defs.set("input", input());
    defs.set("step", StepSchema.step());
    for (ActivityDefinition activity : ActivityCatalog.entries()) {
      defs.set(withDefinition(activity), with(activity));
    }
    return defs;
  }

  private static ObjectNode input() {
    ObjectNode input = closedObject(List.of("type"));
    ObjectNode props = input.putObject("properties");
    props
        .putObject("type")
        .set("enum", strings(ValueType.INPUT_TYPES.stream().map(ValueType::spelling).toList()));
    props.putObject("required").put("type", "boolean");
    props.putObject("default");
    props.putObject("description").put("type", "string");
    return input;
  }

  static String withDefinition(ActivityDefinition activity) {
    return "with:" + activity.name();
  }

  private static ObjectNode with(ActivityDefinition activity) {
    ObjectNode with =
        closedObject(activity.inputs().stream().filter(Field::required).map(Field::name).toList());
    with.put("description", activity.description());
    ObjectNode props = with.putObject("properties");
    for (Field field : activity.inputs()) {
      ObjectNode value = valueSchema(field.type());
      value.put("description", field.description());
      props.set(field.name(), value);
    }
    return with;
  }

  /**
   * A field's schema: its literal form, or any expression (whose type only the compiler checks).
   */
  static ObjectNode valueSchema(ValueType type) {
    ObjectNode literal = JSON.objectNode();
    switch (type) {
      case STRING, NODE -> literal.put("type", "string");
      case INT -> literal.put("type", "integer");
      case BOOL -> literal.put("type", "boolean");
      case DOUBLE -> literal.put("type", "number");
      case DURATION -> literal.put("$ref", "#/definitions/duration");
      case LIST_NODE, LIST_STRING -> {
        literal.put("type", "array");
        literal.putObject("items").put("type", "string");
      }
      case MAP -> literal.put("type", "object");
      case LIST_MAP -> {
        literal.put("type", "array");
        literal.putObject("items").put("type", "object");
      }
      case ANY -> {
        return literal;
      }
    }
    if (type == ValueType.STRING || type == ValueType.NODE) {
      return literal; // an expression is a string too
    }
    ObjectNode either = JSON.objectNode();
    ArrayNode anyOf = either.putArray("anyOf");
    anyOf.add(literal);
    anyOf.addObject().put("$ref", EXPRESSION);
    return either;
  }

  static ObjectNode closedObject(List<String> required) {
    ObjectNode node = JSON.objectNode();
    node.put("type", "object");
    node.put("additionalProperties", false);
    if (!required.isEmpty()) {
      node.set("required", strings(required));
    }
    return node;
  }

  static ArrayNode strings(List<String> values) {
    ArrayNode array = JSON.arrayNode();
    values.forEach(array::add);
    return array;
  }

  private static String anchored(String regex) {
    return "^" + regex + "$";
  }
}
