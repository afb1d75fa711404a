package io.etcddr.runbook.catalog;

import static io.etcddr.runbook.catalog.Field.optional;
import static io.etcddr.runbook.catalog.Field.required;
import static io.etcddr.runbook.model.ValueType.BOOL;
import static io.etcddr.runbook.model.ValueType.INT;
import static io.etcddr.runbook.model.ValueType.LIST_MAP;
import static io.etcddr.runbook.model.ValueType.LIST_NODE;
import static io.etcddr.runbook.model.ValueType.LIST_STRING;
import static io.etcddr.runbook.model.ValueType.MAP;
import static io.etcddr.runbook.model.ValueType.NODE;
import static io.etcddr.runbook.model.ValueType.STRING;

import io.etcddr.contract.Placement;
import java.util.List;

/**
 * The catalog's activities of the day after a failover: fencing a lost node, the cluster's durable
 * record (generations, fences), and what the failover lost.
 */
final class ClusterRecordDefinitions {

  private static final Field CLUSTER = EtcdActivityDefinitions.CLUSTER;

  /** What the steps that record a generation answer: the generation as recorded. */
  private static final List<Field> GENERATION_MADE =
      List.of(
          required("generation", INT, "its number"),
          required("clusterId", STRING, "its etcd cluster ID"),
          required("members", LIST_STRING, "its member names"),
          required("clientUrls", LIST_STRING, "its client URLs"));

  static final List<ActivityDefinition> ENTRIES =
      List.of(
          new ActivityDefinition(
              "fence.node",
              Placement.NODE,
              "Makes sure the old cluster never serves from this node again: containers disabled"
                  + " (restart policy no) and stopped, the old data dir moved aside (kept, never"
                  + " deleted); idempotent.",
              List.of(
                  CLUSTER,
                  optional("containers", LIST_STRING, "default [kube-apiserver, etcd]"),
                  optional("dataDir", STRING, "the old etcd data dir (default /var/lib/etcd)"),
                  optional("orderId", STRING, "names the dir kept aside (default: from the run)")),
              List.of(
                  required("node", STRING, "the fenced node"),
                  required("stopped", LIST_STRING, "containers this fence stopped"),
                  required("disabled", LIST_STRING, "containers now with restart policy no"),
                  required("dataDirAside", STRING, "where the old data dir is kept"),
                  required("beforeEngine", BOOL, "fenced before its Docker engine started"),
                  required("etcdStartedAt", INT, "when its old etcd last started, epoch ms"),
                  required("fencedAt", INT, "when the fence finished, epoch ms"),
                  required(
                      "windowMillis", INT, "how long the old etcd served before it was fenced"))),
          new ActivityDefinition(
              "cluster.fence",
              Placement.WORKER,
              "Records in the cluster's durable record the nodes fenced by this run and orders"
                  + " a fence for each unreachable node, delivered the moment its agent answers.",
              List.of(
                  CLUSTER,
                  optional("fenced", MAP, "a fence.node step's outputs, node -> report"),
                  optional("unreachable", LIST_NODE, "nodes to fence when they come back"),
                  optional("containers", LIST_STRING, "default [kube-apiserver, etcd]"),
                  optional("dataDir", STRING, "the old etcd data dir (default: the inventory's)")),
              List.of(
                  required("orders", LIST_MAP, "this run's fence orders"),
                  required("ordered", LIST_NODE, "nodes waiting for their fence"),
                  required("fenced", LIST_NODE, "nodes fenced"))),
          new ActivityDefinition(
              "cluster.newGeneration",
              Placement.WORKER,
              "Records the cluster this run made as the next generation: its cluster ID and"
                  + " members read from `endpoints`; later runs use it. Idempotent.",
              List.of(
                  CLUSTER,
                  required("endpoints", LIST_STRING, "client URLs of the new cluster"),
                  optional(
                      "fromRevision",
                      INT,
                      "the last revision of the data it was restored from, old numbering")),
              GENERATION_MADE),
          new ActivityDefinition(
              "cluster.recordMembers",
              Placement.WORKER,
              "Records the current generation's members as they answer now, at its client URLs"
                  + " and `add`; status, drills and service discovery then see them.",
              List.of(
                  CLUSTER, optional("add", LIST_STRING, "client URLs to add (a new learner's)")),
              GENERATION_MADE),
          new ActivityDefinition(
              "cluster.withdrawFences",
              Placement.WORKER,
              "After a failover that made no generation, withdraws its fence orders not yet"
                  + " delivered: the old cluster may come back. Keeps them when it made one.",
              List.of(CLUSTER),
              List.of(
                  required("withdrawn", LIST_NODE, "orders withdrawn"),
                  required("kept", LIST_NODE, "orders kept"))),
          new ActivityDefinition(
              "fence.kept",
              Placement.NODE,
              "Where a fence kept this node's old data dir, from the note it left there; read"
                  + " only. Refused when nothing was fenced.",
              List.of(optional("dataDir", STRING, "the old etcd data dir (default /var/lib/etcd)")),
              List.of(
                  required("cluster", STRING, "the cluster the note names"),
                  required("orderId", STRING, "the fence order"),
                  required("aside", STRING, "the old data dir, kept aside"),
                  required("fencedAt", INT, "when it was fenced, epoch ms"),
                  required("lastWriteAt", INT, "the old member's last WAL write, epoch ms"))),
          new ActivityDefinition(
              "cluster.divergence",
              Placement.WORKER,
              "What the failover lost: compares the old data served at `endpoints` with the"
                  + " current generation, keys only, and records the report on the generation;"
                  + " no endpoints: the loss is unknown.",
              List.of(
                  CLUSTER,
                  required("node", NODE, "the node whose old data it is"),
                  optional("endpoints", LIST_STRING, "a scratch etcd serving the old data"),
                  optional("prefix", STRING, "keys compared (default /registry)"),
                  optional(
                      "fromRevision",
                      INT,
                      "the revision the generation was restored from (default: its record)"),
                  optional("oldLastWriteAt", INT, "the old member's last write, epoch ms")),
              List.of(
                  required("node", STRING, "the node whose old data it is"),
                  required("known", BOOL, "false when the old data is not there to compare"),
                  required("lost", INT, "created + changed + deleted (-1: unknown)"),
                  required("created", MAP, "count and first 100 names"),
                  required("changed", MAP, "count and first 100 names"),
                  required("deleted", MAP, "count and first 100 names"),
                  required("fromRevision", INT, "the new generation holds every write up to it"),
                  required("oldRevision", INT, "the old cluster's last revision (when known)"),
                  required("oldLastWriteAt", INT, "the old member's last write, epoch ms"),
                  required("summary", STRING, "one line for people"))),
          new ActivityDefinition(
              "cluster.dataLoss",
              Placement.WORKER,
              "What a failover onto the learner would lose, before anyone approves it: the"
                  + " learner's applied revision, the voters' last revision and when a worker saw"
                  + " it, the gap in revisions and in time, the last drill's lag. Read only.",
              List.of(CLUSTER, required("learner", NODE, "the node whose etcd is the learner")),
              List.of(
                  required("learnerRevision", INT, "the learner's applied revision (-1: silent)"),
                  required("votersRevision", INT, "the voters' revision last seen (-1: never)"),
                  required("votersSeenAt", INT, "when the voters were last seen, epoch ms"),
                  required("lostRevisions", INT, "at least this many revisions lost (-1: unknown)"),
                  required("lostAfter", INT, "they were written after this moment, epoch ms"),
                  required("lagSeconds", INT, "the learner's lag in time, at most (-1: unknown)"),
                  required("unseenSeconds", INT, "how long ago the voters were last seen"),
                  required("lastDrillLag", INT, "the last drill's lag at its cut (-1: none)"),
                  required("summary", STRING, "the same in one line, for the prompt"))),
          new ActivityDefinition(
              "cluster.sites",
              Placement.WORKER,
              "Which nodes a failover onto the learner drops and fences: those of the sites that"
                  + " held the current generation's voters, never the learner's; the rest survive."
                  + " Read only.",
              List.of(CLUSTER, required("learner", NODE, "the node whose etcd is the learner")),
              List.of(
                  required("sites", LIST_STRING, "the sites that held the voters"),
                  required("lost", LIST_NODE, "their nodes: dropped from cluster.yml, fenced"),
                  required("survivors", LIST_NODE, "every other node, the learner's site first"),
                  required("label", STRING, "how people name them: site A, sites A and C"))),
          new ActivityDefinition(
              "cluster.lease",
              Placement.WORKER,
              "When the lost nodes have fenced themselves if they are alive and only cut off: the"
                  + " last sign of their contact (their agents' reports, the learner's progress)"
                  + " plus their T_fence and a margin. Read only.",
              List.of(CLUSTER, required("nodes", LIST_NODE, "the lost site's nodes")),
              List.of(
                  required("known", BOOL, "an agent of theirs ever reported a lease"),
                  required("lastHeard", INT, "the last sign of their contact, epoch ms"),
                  required("fencedBy", INT, "by when they have fenced themselves, epoch ms"),
                  required("waitMillis", INT, "how long from now until then"),
                  required("summary", STRING, "the same in one line, for the prompt"))),
          new ActivityDefinition(
              "cluster.awaitLease",
              Placement.WORKER,
              "Waits until the lost nodes have fenced themselves if they are alive (cluster.lease,"
                  + " read again as it waits). Idempotent.",
              List.of(CLUSTER, required("nodes", LIST_NODE, "the lost site's nodes")),
              List.of(
                  required("known", BOOL, "an agent of theirs ever reported a lease"),
                  required("lastHeard", INT, "the last sign of their contact, epoch ms"),
                  required("fencedBy", INT, "by when they have fenced themselves, epoch ms"),
                  required("waitedMillis", INT, "how long this step waited"),
                  required("summary", STRING, "one line"))),
          new ActivityDefinition(
              "cluster.recordDrill",
              Placement.WORKER,
              "Keeps a learner-drill's figures in the cluster's record, for the next failover's"
                  + " approval prompt. Idempotent.",
              List.of(
                  CLUSTER,
                  required("lagRevisions", INT, "the learner's lag at the drill's cut"),
                  optional("catchUpRevisions", INT, "the lag after waiting for the learner"),
                  optional("restoreMillis", INT, "how long the drill's restore took")),
              List.of(
                  required("lagRevisions", INT, "as recorded"),
                  required("catchUpRevisions", INT, "as recorded"),
                  required("restoreMillis", INT, "as recorded"),
                  required("at", INT, "when it was recorded, epoch ms"))));

  private ClusterRecordDefinitions() {}
}
