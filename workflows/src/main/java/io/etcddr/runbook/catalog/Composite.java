package io.etcddr.runbook.catalog;

import io.etcddr.contract.CompositeKind;
import java.util.List;

/**
 * A catalog step the interpreter runs as activities of its own instead of one activity: how it
 * combines them, and which ({@code parts}, in the order the kind names them). The engine knows the
 * kinds, never the activities: those come from here.
 */
public record Composite(CompositeKind kind, List<String> parts) {

  public Composite {
    parts = List.copyOf(parts);
  }

  public String part(int index) {
    return parts.get(index);
  }
}
