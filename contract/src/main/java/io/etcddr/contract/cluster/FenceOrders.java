package io.etcddr.contract.cluster;

import java.util.List;

/** The fence orders an update touched (a record: update results keep their element types). */
public record FenceOrders(List<FenceOrder> orders) {

  public FenceOrders {
    orders = orders == null ? List.of() : List.copyOf(orders);
  }
}
