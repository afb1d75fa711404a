package io.etcddr.engine;

import java.util.List;
import java.util.Map;

/**
 * The shipped failover-to-learner's read-only steps on a lab-like cluster whose site A is lost:
 * node1 holds the learner and is the deploy node (its certificate reused), node2 is the other
 * survivor. Each test scripts `etcd.status` and the agents' pings itself.
 */
final class SiteALost {

  private SiteALost() {}

  static void script(ScriptedActivities activities, List<String> lost) {
    activities
        .on(
            "inventory.node",
            (w, c, a) ->
                Map.ofEntries(
                    Map.entry("address", "127.0.0.104"),
                    Map.entry("site", "B"),
                    Map.entry("peerUrl", "https://127.0.0.104:2380"),
                    Map.entry("clientUrl", "https://127.0.0.104:2379"),
                    Map.entry("caFile", "/ssl/kube-ca.pem"),
                    Map.entry("certFile", "/ssl/c.pem"),
                    Map.entry("keyFile", "/ssl/k.pem"),
                    Map.entry("certNames", List.of()),
                    Map.entry("sameSite", List.of("node1", "node2")),
                    Map.entry("otherSites", lost),
                    Map.entry("deployNode", "node1"),
                    Map.entry("deployAddress", "127.0.0.104"),
                    Map.entry("dataDir", "/var/lib/etcd")))
        .on(
            "cert.issue.prepare",
            (w, c, a) ->
                Map.of(
                    "reused", true,
                    "certPath", "/ssl/deploy.pem",
                    "keyPath", "/ssl/deploy-key.pem",
                    "serial", "01",
                    "notAfter", "2027-12-04T00:00:00Z"))
        .on(
            "cluster.sites",
            (w, c, a) ->
                Map.of(
                    "sites",
                    List.of("A"),
                    "lost",
                    lost,
                    "survivors",
                    List.of("node1", "node2"),
                    "label",
                    "site A"))
        .on(
            "etcd.learnerView",
            (w, c, a) -> Map.of("follows", false, "answers", true, "leader", "", "indexBefore", 9))
        .on(
            "cluster.lease",
            (w, c, a) ->
                Map.of(
                    "known",
                    true,
                    "summary",
                    "site A last heard at 12:00:00 UTC; it has fenced itself by 12:00:20 UTC if"
                        + " it is alive"))
        .on("cluster.awaitLease", (w, c, a) -> Map.of("known", true, "waitedMillis", 0))
        .on(
            "docker.inspect",
            (w, c, a) ->
                Map.of(
                    "exists",
                    true,
                    "running",
                    true,
                    "image",
                    "rancher/mirrored-coreos-etcd:v3.5.30",
                    "spec",
                    Map.of()))
        .on(
            "etcd.copyBackend",
            (w, c, a) -> Map.of("path", w.get("path"), "sha256", "0".repeat(64), "bytes", 1 << 20))
        .on(
            "cluster.dataLoss",
            (w, c, a) -> Map.of("summary", "at least 10 revisions are lost", "lostRevisions", 10))
        .on(
            "cluster.fence",
            (w, c, a) ->
                Map.of("orders", List.of(), "ordered", w.get("unreachable"), "fenced", List.of()));
  }
}
