package io.etcddr.runbook.read;

import io.etcddr.contract.DurationText;
import io.etcddr.runbook.diagnostics.DiagnosticCode;
import io.etcddr.runbook.diagnostics.Diagnostics;
import io.etcddr.runbook.diagnostics.Suggestions;
import io.etcddr.runbook.model.Located;
import io.etcddr.runbook.yaml.YamlNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Typed reads of YAML nodes that report, rather than throw, when a node has the wrong shape. Each
 * method returns null when the node could not be read; the diagnostic is already recorded.
 */
final class NodeReader {

  private final Diagnostics diagnostics;

  NodeReader(Diagnostics diagnostics) {
    this.diagnostics = diagnostics;
  }

  /** Reports unknown keys (with a suggestion) and missing required ones. */
  void keys(
      YamlNode.Mapping mapping, String what, Collection<String> allowed, List<String> required) {
    for (YamlNode.Entry entry : mapping.entries()) {
      String key = entry.key().name();
      if (!allowed.contains(key)) {
        diagnostics.error(
            entry.key().span(),
            DiagnosticCode.UNKNOWN_KEY,
            "unknown key `" + key + "` in " + what,
            Suggestions.hint(key, allowed));
      }
    }
    for (String key : required) {
      if (mapping.get(key).isEmpty()) {
        diagnostics.error(
            mapping.span(),
            DiagnosticCode.MISSING_KEY,
            what + " has no `" + key + "`",
            "add `" + key + ":`");
      }
    }
  }

  YamlNode.Mapping mapping(YamlNode node, String what) {
    if (node instanceof YamlNode.Mapping mapping) {
      return mapping;
    }
    wrongType(node, what, "a mapping (`key: value` lines)");
    return null;
  }

  YamlNode.Sequence sequence(YamlNode node, String what) {
    if (node instanceof YamlNode.Sequence sequence) {
      return sequence;
    }
    wrongType(node, what, "a list (`- item` lines)");
    return null;
  }

  Located<String> string(YamlNode node, String what) {
    if (node instanceof YamlNode.Scalar scalar && scalar.value() instanceof String text) {
      return new Located<>(text, node.span());
    }
    wrongType(node, what, "a string");
    return null;
  }

  /** A string, also accepting a number or boolean scalar by its text (e.g. a label `2`). */
  Located<String> text(YamlNode node, String what) {
    if (node instanceof YamlNode.Scalar scalar && scalar.value() != null) {
      return new Located<>(scalar.value() instanceof String s ? s : scalar.text(), node.span());
    }
    wrongType(node, what, "a string");
    return null;
  }

  Integer integer(YamlNode node, String what) {
    if (node instanceof YamlNode.Scalar scalar
        && scalar.value() instanceof Long number
        && number >= Integer.MIN_VALUE
        && number <= Integer.MAX_VALUE) {
      return number.intValue();
    }
    wrongType(node, what, "a whole number");
    return null;
  }

  Double number(YamlNode node, String what) {
    if (node instanceof YamlNode.Scalar scalar && scalar.value() instanceof Number number) {
      return number.doubleValue();
    }
    wrongType(node, what, "a number");
    return null;
  }

  Boolean bool(YamlNode node, String what) {
    if (node instanceof YamlNode.Scalar scalar && scalar.value() instanceof Boolean flag) {
      return flag;
    }
    wrongType(node, what, "`true` or `false`");
    return null;
  }

  Located<Duration> duration(YamlNode node, String what) {
    if (node instanceof YamlNode.Scalar scalar && scalar.value() instanceof String text) {
      var parsed = DurationText.parse(text);
      if (parsed.isPresent() && !parsed.get().isZero()) {
        return new Located<>(parsed.get(), node.span());
      }
    }
    String written = node instanceof YamlNode.Scalar s ? "`" + s.text() + "`" : node.kindName();
    diagnostics.error(
        node.span(),
        DiagnosticCode.BAD_DURATION,
        what + " is " + written + ", not a duration",
        "write a positive duration such as `30s`, `2m`, `1h30m` (units ms, s, m, h, d)");
    return null;
  }

  /** A list of strings; a single string is not accepted, to keep one way of writing it. */
  List<Located<String>> strings(YamlNode node, String what) {
    YamlNode.Sequence sequence = sequence(node, what);
    if (sequence == null) {
      return null;
    }
    List<Located<String>> out = new ArrayList<>();
    for (YamlNode item : sequence.items()) {
      Located<String> text = string(item, "an entry of " + what);
      if (text != null) {
        out.add(text);
      }
    }
    return out;
  }

  private void wrongType(YamlNode node, String what, String expected) {
    String hint = "write " + what + " as " + expected;
    if (node instanceof YamlNode.Scalar scalar
        && scalar.value() instanceof Boolean
        && !scalar.text().equalsIgnoreCase("true")
        && !scalar.text().equalsIgnoreCase("false")) {
      hint = "YAML reads `" + scalar.text() + "` as a boolean; quote it: \"" + scalar.text() + "\"";
    }
    diagnostics.error(
        node.span(),
        DiagnosticCode.WRONG_TYPE,
        what + " must be " + expected + ", not " + node.kindName(),
        hint);
  }
}
