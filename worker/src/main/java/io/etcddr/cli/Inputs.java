package io.etcddr.cli;

import io.etcddr.runbook.compile.Plan;
import io.etcddr.runbook.inputs.InputBinder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** `--set NAME=VALUE` options bound to a plan's inputs; any problem is bad usage. */
final class Inputs {

  private Inputs() {}

  static Map<String, Object> bind(Plan plan, List<String> sets) {
    Map<String, Object> given = new LinkedHashMap<>();
    try {
      for (String set : sets) {
        int eq = set.indexOf('=');
        if (eq <= 0) {
          throw new UsageException("--set " + set + ": write --set NAME=VALUE");
        }
        String name = set.substring(0, eq);
        given.put(name, InputBinder.parseText(plan.inputs(), name, set.substring(eq + 1)));
      }
      return InputBinder.bind(plan.inputs(), given);
    } catch (InputBinder.InputException e) {
      throw new UsageException(e.getMessage());
    }
  }
}
