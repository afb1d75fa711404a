package io.etcddr.process;

import io.etcddr.engine.SearchAttributes;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import java.util.List;

/**
 * Registers etcd-dr's search attributes on a server we own (the dev server), as an operator would.
 */
public final class SearchAttributeRegistration {

  private SearchAttributeRegistration() {}

  public static void register(String address, String namespace) {
    OperatorServiceStubs operator =
        OperatorServiceStubs.newServiceStubs(
            OperatorServiceStubsOptions.newBuilder()
                .setTarget(address)
                .validateAndBuildWithDefaults());
    try {
      AddSearchAttributesRequest.Builder request =
          AddSearchAttributesRequest.newBuilder().setNamespace(namespace);
      for (var key :
          List.of(SearchAttributes.CLUSTER, SearchAttributes.RUNBOOK, SearchAttributes.STATUS)) {
        request.putSearchAttributes(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
      }
      operator.blockingStub().addSearchAttributes(request.build());
    } finally {
      operator.shutdown();
    }
  }
}
