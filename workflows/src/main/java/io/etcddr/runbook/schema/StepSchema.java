package io.etcddr.runbook.schema;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.etcddr.runbook.catalog.ActivityCatalog;
import io.etcddr.runbook.catalog.ActivityDefinition;
import io.etcddr.runbook.catalog.Field;
import io.etcddr.runbook.model.StepKind;
import java.util.Arrays;
import java.util.List;

/** The schema of one step: its fields, exactly one kind, and `with:` typed per activity. */
final class StepSchema {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private StepSchema() {}

  static ObjectNode step() {
    ObjectNode step = RunbookSchema.closedObject(List.of("id"));
    ObjectNode props = step.putObject("properties");
    props.putObject("id").put("type", "string").put("pattern", "^[a-z][a-z0-9-]{0,62}$");
    props.putObject("name").put("type", "string");
    props.putObject("uses").set("enum", RunbookSchema.strings(ActivityCatalog.names()));
    props.set("approval", approval());
    props.putObject("fail").put("type", "string");
    props.putObject("runbook").put("type", "string");
    props.putObject("if").set("type", RunbookSchema.strings(List.of("string", "boolean")));
    ObjectNode needs = props.putObject("needs");
    needs.put("type", "array");
    needs.putObject("items").put("type", "string");
    ObjectNode on = props.putObject("on");
    ArrayNode onTypes = on.putArray("anyOf");
    onTypes.addObject().put("type", "string");
    ObjectNode onList = onTypes.addObject();
    onList.put("type", "array");
    onList.putObject("items").put("type", "string");
    props.putObject("with").put("type", "object");
    props.set("retry", retry());
    props.putObject("timeout").put("$ref", "#/definitions/duration");
    props.putObject("heartbeat").put("$ref", "#/definitions/duration");
    props.putObject("continueOnError").put("type", "boolean");
    props.putObject("undoes").put("type", "string");

    ArrayNode oneOf = step.putArray("oneOf");
    Arrays.stream(StepKind.values())
        .forEach(k -> oneOf.addObject().set("required", RunbookSchema.strings(List.of(k.key()))));
    ArrayNode allOf = step.putArray("allOf");
    for (ActivityDefinition activity : ActivityCatalog.entries()) {
      allOf.add(withFor(activity));
    }
    return step;
  }

  private static ObjectNode withFor(ActivityDefinition activity) {
    ObjectNode rule = JSON.objectNode();
    ObjectNode condition = rule.putObject("if");
    condition.putObject("properties").putObject("uses").put("const", activity.name());
    condition.set("required", RunbookSchema.strings(List.of("uses")));
    ObjectNode then = rule.putObject("then");
    then.putObject("properties")
        .putObject("with")
        .put("$ref", "#/definitions/" + RunbookSchema.withDefinition(activity));
    if (activity.inputs().stream().anyMatch(Field::required)) {
      then.set("required", RunbookSchema.strings(List.of("with")));
    }
    return rule;
  }

  private static ObjectNode approval() {
    ObjectNode approval = RunbookSchema.closedObject(List.of("prompt"));
    ObjectNode props = approval.putObject("properties");
    props.putObject("prompt").put("type", "string");
    props.putObject("timeout").put("$ref", "#/definitions/duration");
    ObjectNode approvers = props.putObject("approvers");
    approvers.put("type", "array");
    approvers.putObject("items").put("type", "string");
    props.putObject("people").put("type", "integer").put("minimum", 1).put("maximum", 9);
    ObjectNode roles = props.putObject("roles");
    roles.put("type", "array");
    roles.putObject("items").put("type", "string").put("pattern", "^[a-z][a-z0-9-]*$");
    return approval;
  }

  private static ObjectNode retry() {
    ObjectNode retry = RunbookSchema.closedObject(List.of());
    ObjectNode props = retry.putObject("properties");
    props.putObject("maxAttempts").put("type", "integer").put("minimum", 1);
    props.putObject("initialInterval").put("$ref", "#/definitions/duration");
    props.putObject("backoffCoefficient").put("type", "number").put("minimum", 1);
    props.putObject("maximumInterval").put("$ref", "#/definitions/duration");
    ObjectNode nonRetryable = props.putObject("nonRetryable");
    nonRetryable.put("type", "array");
    nonRetryable.putObject("items").put("type", "string");
    return retry;
  }
}
