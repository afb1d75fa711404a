package io.etcddr.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The steps a template names: {@code steps.ID} and {@code steps['ID']}, in order, once each. */
final class StepReferences {

  private static final Pattern STEP =
      Pattern.compile(
          "\\bsteps\\s*(?:\\.\\s*([A-Za-z_][A-Za-z0-9_]*)|\\[\\s*['\"]([^'\"]+)['\"]\\s*])");

  private StepReferences() {}

  static List<String> in(String template) {
    List<String> named = new ArrayList<>();
    Matcher m = STEP.matcher(template);
    while (m.find()) {
      String id = m.group(1) != null ? m.group(1) : m.group(2);
      if (!named.contains(id)) {
        named.add(id);
      }
    }
    return named;
  }
}
