package io.etcddr.engine;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/** Where a run is, as the `status` query, the search attribute and the metrics name it. */
public enum RunState {
  /** Its plan is being loaded and its inputs bound. */
  LOADING,
  RUNNING,
  SUCCEEDED,
  FAILED,
  /** Aborted, or cancelled from the Web UI. */
  CANCELLED;

  /** The lower-case word operators and dashboards see: `running`, `succeeded`. */
  @JsonValue
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static RunState of(String label) {
    return Arrays.stream(values())
        .filter(s -> s.label().equals(label) || s.name().equals(label))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no run state `" + label + "`"));
  }
}
