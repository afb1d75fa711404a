package io.etcddr.engine;

import io.temporal.common.SearchAttributeKey;
import io.temporal.workflow.Workflow;

/**
 * The search attributes that make runs findable in the Web UI: cluster and runbook are set by the
 * starter, the status is kept current by the workflow. A real server must have them registered
 * ({@code temporal operator search-attribute create}); the starter says so when it does not.
 */
public final class SearchAttributes {

  public static final SearchAttributeKey<String> CLUSTER =
      SearchAttributeKey.forKeyword("EtcdDrCluster");
  public static final SearchAttributeKey<String> RUNBOOK =
      SearchAttributeKey.forKeyword("EtcdDrRunbook");
  public static final SearchAttributeKey<String> STATUS =
      SearchAttributeKey.forKeyword("EtcdDrStatus");

  private SearchAttributes() {}

  static void status(RunRequest request, RunState status) {
    if (request.upsertsSearchAttributes()) {
      Workflow.upsertTypedSearchAttributes(STATUS.valueSet(status.label()));
    }
  }
}
