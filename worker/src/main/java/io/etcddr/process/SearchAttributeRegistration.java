package io.etcddr.process;

import io.etcddr.engine.SearchAttributes;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
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
      // One at a time: a server that knows some of them already (a restarted dev, a shared
      // server) answers ALREADY_EXISTS for those, which is what we wanted anyway.
      for (var key :
          List.of(SearchAttributes.CLUSTER, SearchAttributes.RUNBOOK, SearchAttributes.STATUS)) {
        try {
          operator
              .blockingStub()
              .addSearchAttributes(
                  AddSearchAttributesRequest.newBuilder()
                      .setNamespace(namespace)
                      .putSearchAttributes(
                          key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD)
                      .build());
        } catch (StatusRuntimeException e) {
          if (e.getStatus().getCode() != Status.Code.ALREADY_EXISTS) {
            throw e;
          }
        }
      }
    } finally {
      operator.shutdown();
    }
  }
}
