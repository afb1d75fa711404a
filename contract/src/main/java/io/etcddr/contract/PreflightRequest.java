package io.etcddr.contract;

import java.util.List;
import java.util.Map;

/**
 * Asks a process for the read-only preflight of one step: the activity it uses, the `with:` values
 * the dry run could evaluate, and the names of those it could not, because they come from what
 * earlier steps would make.
 */
public record PreflightRequest(String uses, Map<String, Object> with, List<String> unknown) {

  /** The activity type every worker and agent registers its preflights under. */
  public static final String ACTIVITY = "engine.preflight";

  public PreflightRequest {
    with = with == null ? Map.of() : with;
    unknown = unknown == null ? List.of() : List.copyOf(unknown);
  }
}
