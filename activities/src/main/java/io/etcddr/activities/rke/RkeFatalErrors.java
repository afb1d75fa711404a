package io.etcddr.activities.rke;

import java.util.List;
import java.util.Optional;

/**
 * RKE's fatal errors seen in the original DR attempt, and what the operator should do about each.
 */
final class RkeFatalErrors {

  record Known(String fragment, String advice) {}

  static final List<Known> KNOWN =
      List.of(
          new Known(
              "Etcd plane nodes are replaced",
              "RKE refuses to replace every etcd node at once (the old and new etcd planes must"
                  + " overlap); use the restored etcd as external etcd (rke.externalEtcd) instead"
                  + " of giving RKE new etcd hosts"),
          new Known(
              "Cluster must have at least one etcd plane host",
              "cluster.yml has no etcd host and no external etcd; set services.etcd.external_urls"
                  + " with rke.externalEtcd, or keep a live etcd host in nodes"));

  private RkeFatalErrors() {}

  static Optional<Known> in(String line) {
    return KNOWN.stream().filter(k -> line.contains(k.fragment())).findFirst();
  }
}
