package io.etcddr.runbook.catalog;

import static io.etcddr.runbook.catalog.Field.optional;
import static io.etcddr.runbook.catalog.Field.required;
import static io.etcddr.runbook.model.ValueType.BOOL;
import static io.etcddr.runbook.model.ValueType.DURATION;
import static io.etcddr.runbook.model.ValueType.INT;
import static io.etcddr.runbook.model.ValueType.LIST_MAP;
import static io.etcddr.runbook.model.ValueType.LIST_NODE;
import static io.etcddr.runbook.model.ValueType.LIST_STRING;
import static io.etcddr.runbook.model.ValueType.MAP;
import static io.etcddr.runbook.model.ValueType.STRING;

import io.etcddr.contract.Placement;
import java.util.List;

/**
 * The catalog's etcd and snapshot-store activities (the rest is in {@link ActivityCatalog}): status
 * and membership, snapshots in and out of the cluster, restores, verification.
 */
final class EtcdActivityDefinitions {

  static final Field CLUSTER =
      required("cluster", STRING, "cluster name; endpoints and TLS come from the inventory");

  private static final List<Field> RESTORED =
      List.of(
          required("dataDir", STRING, "the restored data dir"),
          required("clusterToken", STRING, "the new cluster's token"),
          required("restored", BOOL, "false when an earlier attempt had finished"),
          required("millis", INT, "how long the restore took"),
          required("revisionBump", INT, "how far the revision jumped (0: not at all)"),
          required("markedCompacted", BOOL, "old revisions compacted: watchers start over"),
          required(
              "warning",
              STRING,
              "what to do because the tool could not bump the revision (etcdctl 3.4)"));

  static final List<ActivityDefinition> ENTRIES =
      List.of(
          new ActivityDefinition(
              "etcd.status",
              Placement.WORKER,
              "Per endpoint: member, leader, learner flag, raft and applied index, DB size; plus"
                  + " whether the cluster has quorum. Short timeouts, serializable reads.",
              List.of(
                  CLUSTER,
                  optional("endpoints", LIST_STRING, "ask these instead of the inventory's"),
                  optional("timeout", DURATION, "per endpoint (default 3s)")),
              List.of(
                  required("quorum", BOOL, "a majority of voters is reachable and has a leader"),
                  required("leader", STRING, "leader member id (hex), empty without quorum"),
                  required("members", LIST_MAP, "one entry per endpoint, as etcdctl shows it"),
                  required("reachable", LIST_STRING, "endpoints that answered"),
                  required("unreachable", LIST_STRING, "endpoints that did not"),
                  required("learners", LIST_STRING, "names of learner members"),
                  required("revision", INT, "highest revision seen"),
                  required("clusterId", STRING, "the etcd cluster ID this cluster is known by"),
                  required("generation", INT, "the cluster's current generation (0: none yet)"),
                  required("splitBrain", BOOL, "a cluster with another ID answers with quorum too"),
                  required(
                      "foreign",
                      LIST_MAP,
                      "clusters with another ID that answer: clusterId, endpoints, leader,"
                          + " revision, quorum"),
                  required(
                      "learnerLag",
                      INT,
                      "revisions the slowest learner is behind the voters now (0: no learner)"),
                  required(
                      "adoptionRefused",
                      STRING,
                      "why a cluster without a record was not adopted (empty otherwise)"))),
          new ActivityDefinition(
              "etcd.learnerView",
              Placement.WORKER,
              "The learner's own view of the voters' site: two status reads a few seconds apart;"
                  + " its raft index moving means the site is alive and reaches it. Read only.",
              List.of(
                  CLUSTER,
                  required("endpoint", STRING, "the learner's client URL"),
                  optional("pause", DURATION, "between the two reads (default 3s)")),
              List.of(
                  required("follows", BOOL, "it answered twice and its raft index moved"),
                  required("answers", BOOL, "it answered both reads"),
                  required("leader", STRING, "the leader it names (never trusted alone)"),
                  required("indexBefore", INT, "raft index at the first read"),
                  required("indexAfter", INT, "raft index at the second read"),
                  required("appliedBefore", INT, "applied index at the first read"),
                  required("appliedAfter", INT, "applied index at the second read"))),
          new ActivityDefinition(
              "etcd.addLearner",
              Placement.WORKER,
              "`member add --learner`; idempotent by peer URL.",
              List.of(
                  CLUSTER,
                  required("name", STRING, "the new member's name"),
                  required("peerUrl", STRING, "the new member's peer URL")),
              List.of(
                  required("memberId", STRING, "member id, hex"),
                  required("added", BOOL, "false when a member with this peer URL existed"),
                  required("initialCluster", STRING, "the --initial-cluster value to start it"))),
          new ActivityDefinition(
              "etcd.waitCaughtUp",
              Placement.WORKER,
              "Waits until the learner's applied index is within maxLag of the leader's.",
              List.of(
                  CLUSTER,
                  required("member", STRING, "the learner's name"),
                  optional("maxLag", INT, "accepted index gap (default 10)")),
              List.of(
                  required("appliedIndex", INT, "the learner's applied index"),
                  required("leaderIndex", INT, "the leader's applied index"),
                  required("lag", INT, "the gap when it caught up"),
                  required("revisionLag", INT, "the leader's revision minus the learner's"))),
          new ActivityDefinition(
              "etcd.promote",
              Placement.WORKER,
              "Promotes a caught-up learner to voter; needs quorum.",
              List.of(CLUSTER, required("member", STRING, "the learner's name")),
              List.of(
                  required("memberId", STRING, "member id, hex"),
                  required("promoted", BOOL, "false when it was already a voter"))),
          new ActivityDefinition(
              "etcd.removeMember",
              Placement.WORKER,
              "Removes a member; idempotent.",
              List.of(CLUSTER, required("member", STRING, "name or hex id")),
              List.of(required("removed", BOOL, "false when it was already gone"))),
          new ActivityDefinition(
              "etcd.snapshot",
              Placement.NODE,
              "Snapshot from a voter streamed to a file on this node, fsynced, sha256; with `store`,"
                  + " encrypted on this node as it streams and uploaded away from the cluster.",
              List.of(
                  CLUSTER,
                  required(
                      "path",
                      STRING,
                      "file to write (with `store`: the encrypted stage, removed after upload)"),
                  optional("endpoint", STRING, "the voter to ask (default: the leader)"),
                  optional("retain", INT, "keep this many snapshots (in the folder, or the store)"),
                  optional("store", STRING, "s3://BUCKET/PREFIX or a folder: where it is kept"),
                  optional("storeEndpoint", STRING, "an S3 API other than AWS's, e.g. MinIO's URL"),
                  optional("region", STRING, "the store's region (default us-east-1)"),
                  optional("name", STRING, "its name in the store (default CLUSTER-RUNID.db.enc)")),
              List.of(
                  required("path", STRING, "the snapshot file, or its location in the store"),
                  required("sha256", STRING, "hex digest of the snapshot"),
                  required("bytes", INT, "size"),
                  required("revision", INT, "revision at the snapshot"),
                  required("name", STRING, "its name in the store (empty when local)"),
                  required("keyId", STRING, "the id of the key that encrypted it (empty: none)"),
                  required("encrypted", BOOL, "whether it was encrypted before leaving the node"))),
          new ActivityDefinition(
              "store.find",
              Placement.NODE,
              "Chooses a snapshot of the cluster in a store: by name, the newest, or the newest"
                  + " at or before a time. Read-only.",
              List.of(
                  required("store", STRING, "s3://BUCKET/PREFIX or a folder"),
                  optional("storeEndpoint", STRING, "an S3 API other than AWS's"),
                  optional("region", STRING, "the store's region (default us-east-1)"),
                  optional("cluster", STRING, "whose snapshots (default: any)"),
                  optional("name", STRING, "this snapshot"),
                  optional("before", STRING, "the newest taken at or before this RFC 3339 time")),
              List.of(
                  required("name", STRING, "the snapshot's name"),
                  required("location", STRING, "where it is"),
                  required("revision", INT, "etcd revision it holds"),
                  required("sha256", STRING, "sha256 of the snapshot"),
                  required("bytes", INT, "stored size"),
                  required("createdAt", STRING, "when it was taken, RFC 3339"),
                  required("ageSeconds", INT, "how old it is"),
                  required("keyId", STRING, "the key that encrypted it"))),
          new ActivityDefinition(
              "store.fetch",
              Placement.NODE,
              "Downloads a snapshot, decrypts it with this node's key and checks its sha256;"
                  + " refuses one that fails authentication; idempotent.",
              List.of(
                  required("store", STRING, "s3://BUCKET/PREFIX or a folder"),
                  optional("storeEndpoint", STRING, "an S3 API other than AWS's"),
                  optional("region", STRING, "the store's region (default us-east-1)"),
                  required("name", STRING, "the snapshot"),
                  required("path", STRING, "where the plain snapshot goes on this node")),
              List.of(
                  required("path", STRING, "the plain snapshot"),
                  required("sha256", STRING, "its sha256, checked"),
                  required("bytes", INT, "its size"),
                  required("revision", INT, "etcd revision it holds"))),
          new ActivityDefinition(
              "etcd.copyBackend",
              Placement.NODE,
              "With the member stopped, copies member/snap/db to a file, sha256; a member killed"
                  + " hard is first brought up to date with its WAL.",
              List.of(
                  required("dataDir", STRING, "the stopped member's data dir"),
                  required("path", STRING, "file to write; never overwritten"),
                  optional("container", STRING, "the member's container, checked to be stopped"),
                  optional(
                      "workDir",
                      STRING,
                      "replay the WAL on a copy made here; dataDir is only read (kept data)")),
              List.of(
                  required("path", STRING, "the copy"),
                  required("sha256", STRING, "hex digest"),
                  required("bytes", INT, "size"))),
          new ActivityDefinition(
              "etcd.restoreSingleNode",
              Placement.NODE,
              "Restores a snapshot or copied db into a NEW data dir as a one-member cluster; never"
                  + " overwrites, never --force-new-cluster on a learner's data.",
              List.of(
                  required("source", STRING, "snapshot or copied db file"),
                  required("dataDir", STRING, "new data dir; must not exist"),
                  required("name", STRING, "member name"),
                  required("peerUrl", STRING, "the member's peer URL"),
                  optional(
                      "initialCluster",
                      STRING,
                      "NAME=PEER_URL,... when restoring one member of a new multi-member cluster"),
                  optional("backendCopy", BOOL, "true for a copied db (--skip-hash-check)"),
                  optional("clusterToken", STRING, "new cluster token (default: derived)"),
                  optional(
                      "image",
                      STRING,
                      "restore inside a one-shot container of this etcd image, as RKE does"),
                  optional(
                      "bumpRevision",
                      INT,
                      "with etcdutl (3.5+): raise the revision by this much and mark the old ones"
                          + " compacted (default 1000000000; 0: none)")),
              RESTORED),
          new ActivityDefinition(
              "etcd.restoreMember",
              Placement.NODE,
              "Restores this node's member of a NEW multi-member cluster from a snapshot (the same"
                  + " on every member): its name from `members`, peer URLs from `initialCluster`,"
                  + " one token; a new data dir, never an overwrite.",
              List.of(
                  required("source", STRING, "the snapshot file on this node"),
                  required("dataDir", STRING, "new data dir; must not exist"),
                  required("members", MAP, "node → member name (etcd.members' names)"),
                  required("initialCluster", STRING, "every member as NAME=PEER_URL,..."),
                  required("clusterToken", STRING, "the new cluster's token, the same everywhere"),
                  optional("image", STRING, "restore inside a one-shot container of this image"),
                  optional(
                      "bumpRevision",
                      INT,
                      "with etcdutl (3.5+): raise the revision by this much (default 1000000000)")),
              RESTORED),
          new ActivityDefinition(
              "etcd.useDataDir",
              Placement.NODE,
              "Puts a restored data dir in place of a stopped member's with two journaled renames;"
                  + " the old one is kept as `keepAs`, never deleted; the reverse puts it back.",
              List.of(
                  required("dataDir", STRING, "the member's data dir, e.g. /var/lib/etcd"),
                  required("replacement", STRING, "the dir that takes its place (same folder)"),
                  required("keepAs", STRING, "where the old one is kept; must not exist")),
              List.of(
                  required("dataDir", STRING, "the data dir"),
                  required("kept", STRING, "where the old data dir is now"),
                  required("swapped", BOOL, "false when it was done before or had nothing to do"))),
          new ActivityDefinition(
              "etcd.members",
              Placement.WORKER,
              "The current generation's members by inventory node: voters, learners, names,"
                  + " client URLs and the voters as --initial-cluster.",
              List.of(CLUSTER),
              List.of(
                  required("voters", LIST_NODE, "nodes of the voting members"),
                  required("learners", LIST_NODE, "nodes of the learners"),
                  required("names", MAP, "node → member name"),
                  required("clientUrls", LIST_STRING, "the voters' client URLs"),
                  required("initialCluster", STRING, "the voters as NAME=PEER_URL,..."),
                  required("clusterId", STRING, "the cluster ID that answered"))),
          new ActivityDefinition(
              "etcd.certificates",
              Placement.WORKER,
              "When the cluster's certificates expire: each member's serving certificate (a TLS"
                  + " handshake with its client URL) and the CA the worker trusts.",
              List.of(CLUSTER),
              List.of(
                  required("ca", MAP, "of, subject, notAfter, daysLeft"),
                  required("members", LIST_MAP, "the same for each endpoint that answered"),
                  required("unreachable", LIST_STRING, "endpoints whose certificate was not read"),
                  required("soonestDaysLeft", INT, "the fewest days any of them has left"))),
          new ActivityDefinition(
              "etcd.verify",
              Placement.WORKER,
              "Compares revision, key count and a key sample of a cluster with expectations.",
              List.of(
                  CLUSTER,
                  optional("endpoints", LIST_STRING, "ask these instead of the inventory's"),
                  optional("prefix", STRING, "key prefix (default /registry)"),
                  optional("minRevision", INT, "fail below this revision"),
                  optional("minKeys", INT, "fail below this many keys"),
                  optional("sampleKeys", LIST_STRING, "keys that must exist")),
              List.of(
                  required("revision", INT, "current revision"),
                  required("keys", INT, "keys under the prefix"),
                  required("missing", LIST_STRING, "sample keys not found"),
                  required("clusterId", STRING, "the etcd cluster ID that answered"))));

  private EtcdActivityDefinitions() {}
}
