package io.etcddr.api;

import io.etcddr.activities.inventory.ClusterInventory;
import io.etcddr.activities.record.ClusterRecords;
import io.etcddr.http.ApiException;
import io.etcddr.http.ApiRequest;
import io.etcddr.http.ApiResponse;
import io.etcddr.runs.ClusterView;

/** `GET /v1/clusters/{name}`: the cluster's generations and fences, from its durable record. */
final class ClustersApi {

  private final ClusterRecords records;
  private final ClusterInventory inventory;

  ClustersApi(ClusterRecords records, ClusterInventory inventory) {
    this.records = records;
    this.inventory = inventory;
  }

  ApiResponse show(ApiRequest request) {
    String name = request.param("name");
    try {
      if (inventory.find(name).isEmpty()) {
        throw ApiException.notFound(
            "no cluster `" + name + "` in the inventory; known: " + inventory.names());
      }
    } catch (ClusterInventory.InventoryException e) {
      throw ApiException.badRequest(e.getMessage());
    }
    return ApiResponse.json(200, new ClusterView(name, records.find(name).orElse(null)).asMap());
  }
}
