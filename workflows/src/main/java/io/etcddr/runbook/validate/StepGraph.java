package io.etcddr.runbook.validate;

import io.etcddr.runbook.diagnostics.DiagnosticCode;
import io.etcddr.runbook.diagnostics.Diagnostics;
import io.etcddr.runbook.diagnostics.Suggestions;
import io.etcddr.runbook.model.Located;
import io.etcddr.runbook.model.RunbookSpec.StepSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The `needs` graph of one step list: defaults applied (a step needs the one before it unless it
 * says otherwise), unknown names and cycles reported, and each step's upstream set for checking
 * which outputs an expression may read.
 */
public final class StepGraph {

  private final Map<String, List<String>> needs = new LinkedHashMap<>();
  private final Map<String, Set<String>> upstream = new HashMap<>();
  private boolean acyclic = true;

  /**
   * @param steps the steps of one list (`steps` or `onFailure`), in order; `needs` may only name
   *     steps of the same list (an onFailure step may read a main step's outputs, not need it)
   */
  static StepGraph build(List<StepSpec> steps, Diagnostics diagnostics) {
    StepGraph graph = new StepGraph();
    Set<String> ids = new LinkedHashSet<>();
    steps.stream().filter(s -> s.id() != null).forEach(s -> ids.add(s.id().value()));
    String previous = null;
    for (StepSpec step : steps) {
      if (step.id() == null) {
        continue;
      }
      String id = step.id().value();
      List<String> resolved = new ArrayList<>();
      if (step.needs() == null) {
        if (previous != null) {
          resolved.add(previous);
        }
      } else {
        for (Located<String> need : step.needs()) {
          if (ids.contains(need.value())) {
            resolved.add(need.value());
          } else {
            diagnostics.error(
                need.span(),
                DiagnosticCode.UNKNOWN_NEED,
                "step `" + id + "` needs `" + need.value() + "`, which is not a step of this list",
                Suggestions.hint(need.value(), ids));
          }
        }
      }
      graph.needs.putIfAbsent(id, List.copyOf(new LinkedHashSet<>(resolved)));
      previous = id;
    }
    graph.findCycles(steps, diagnostics);
    return graph;
  }

  public List<String> needsOf(String id) {
    return needs.getOrDefault(id, List.of());
  }

  public boolean acyclic() {
    return acyclic;
  }

  /** Every step that must finish before {@code id} starts. */
  public Set<String> upstreamOf(String id) {
    if (!acyclic) {
      return Set.copyOf(needs.keySet());
    }
    // Not computeIfAbsent: the recursion adds to the memo while it is being computed, which
    // HashMap refuses (ConcurrentModificationException) once a step needs two or more steps.
    Set<String> known = upstream.get(id);
    if (known != null) {
      return known;
    }
    Set<String> all = new LinkedHashSet<>();
    for (String need : needsOf(id)) {
      all.add(need);
      all.addAll(upstreamOf(need));
    }
    upstream.put(id, all);
    return all;
  }

  private void findCycles(List<StepSpec> steps, Diagnostics diagnostics) {
    Map<String, Integer> state = new HashMap<>(); // 1 = on the path, 2 = done
    for (StepSpec step : steps) {
      if (step.id() != null) {
        List<String> path = new ArrayList<>();
        visit(step.id().value(), state, path, steps, diagnostics);
      }
    }
  }

  private void visit(
      String id,
      Map<String, Integer> state,
      List<String> path,
      List<StepSpec> steps,
      Diagnostics diagnostics) {
    Integer seen = state.get(id);
    if (seen != null) {
      if (seen == 1) {
        reportCycle(path.subList(path.indexOf(id), path.size()), id, steps, diagnostics);
      }
      return;
    }
    state.put(id, 1);
    path.add(id);
    for (String need : needsOf(id)) {
      visit(need, state, path, steps, diagnostics);
    }
    path.remove(path.size() - 1);
    state.put(id, 2);
  }

  private void reportCycle(
      List<String> cycle, String back, List<StepSpec> steps, Diagnostics diagnostics) {
    acyclic = false;
    String first = cycle.get(0);
    StepSpec at =
        steps.stream()
            .filter(s -> s.id() != null && s.id().value().equals(first))
            .findFirst()
            .orElseThrow();
    List<String> shown = new ArrayList<>(cycle);
    shown.add(back);
    var span =
        at.needs() == null || at.needs().isEmpty() ? at.id().span() : at.needs().get(0).span();
    diagnostics.error(
        span,
        DiagnosticCode.NEEDS_CYCLE,
        "`needs` forms a cycle: " + String.join(" → ", shown),
        "remove one of these needs; steps must form a graph without loops");
  }
}
