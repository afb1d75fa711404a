package io.etcddr.runbook.catalog;

import static io.etcddr.runbook.catalog.Field.optional;
import static io.etcddr.runbook.catalog.Field.required;
import static io.etcddr.runbook.model.ValueType.BOOL;
import static io.etcddr.runbook.model.ValueType.DURATION;
import static io.etcddr.runbook.model.ValueType.INT;
import static io.etcddr.runbook.model.ValueType.LIST_NODE;
import static io.etcddr.runbook.model.ValueType.LIST_STRING;
import static io.etcddr.runbook.model.ValueType.MAP;
import static io.etcddr.runbook.model.ValueType.NODE;
import static io.etcddr.runbook.model.ValueType.STRING;

import io.etcddr.contract.Placement;
import java.util.List;
import java.util.Optional;

/**
 * The activity catalog of runbook language v1: the one place that names every `uses:` activity, its
 * typed inputs and outputs and where it runs. The compiler checks runbooks against it, the JSON
 * Schema is generated from it, and the activity implementations must match it.
 */
public final class ActivityCatalog {

  private static final Field CLUSTER = EtcdActivityDefinitions.CLUSTER;

  private static final List<ActivityDefinition> ENTRIES =
      concat(
          List.of(
              new ActivityDefinition(
                  "inventory.node",
                  Placement.WORKER,
                  "A node of the cluster inventory: its address, site and RKE file names.",
                  List.of(CLUSTER, required("node", NODE, "the node's name")),
                  List.of(
                      required("address", STRING, "the node's IP"),
                      required("site", STRING, "its site (room)"),
                      required("peerUrl", STRING, "https://ADDRESS:2380"),
                      required("clientUrl", STRING, "https://ADDRESS:2379"),
                      required("certFile", STRING, "kube-etcd-<ip-with-dashes>.pem, full path"),
                      required("keyFile", STRING, "kube-etcd-<ip-with-dashes>-key.pem, full path"),
                      required("caFile", STRING, "kube-ca.pem, full path"),
                      required(
                          "certNames",
                          LIST_STRING,
                          "extra SANs for the cluster's member certificates"),
                      required(
                          "sameSite", LIST_NODE, "the nodes in this node's site, itself included"),
                      required("otherSites", LIST_NODE, "the nodes in every other site"),
                      required("deployNode", NODE, "the cluster's deploy node (runs rke up)"),
                      required(
                          "deployAddress", STRING, "its IP (empty when it is not a node listed)"),
                      required(
                          "dataDir", STRING, "etcd's data dir on the hosts (RKE's prefix_path)"))),
              new ActivityDefinition(
                  "cert.issue",
                  Placement.NODE,
                  "Key and CSR made on the target node, signed on the CA node, certificate installed on"
                      + " the target with RKE's names; reuses a valid existing certificate.",
                  List.of(
                      CLUSTER,
                      required("address", STRING, "the node's IP: CN, SAN and the file name"),
                      optional("names", LIST_STRING, "extra DNS names and IPs for the SAN"),
                      optional("keyAlgorithm", STRING, "rsa-2048 (default) or ecdsa-p256"),
                      optional(
                          "validity", DURATION, "lifetime of a new certificate (default 8760h)"),
                      optional(
                          "renewBefore", DURATION, "reissue when less than this is left (720h)"),
                      optional("certDir", STRING, "certificate directory (/etc/kubernetes/ssl)")),
                  List.of(
                      required("certPath", STRING, "the installed certificate"),
                      required("keyPath", STRING, "where the key stays on the node"),
                      required("serial", STRING, "certificate serial number, hex"),
                      required("notAfter", STRING, "expiry, RFC 3339"),
                      required("reused", BOOL, "true when a valid certificate was already there")),
                  new Composite(
                      Composite.Kind.SIGNED_ON_CA_NODE,
                      List.of("cert.issue.prepare", "cert.issue.sign", "cert.issue.install")))),
          EtcdActivityDefinitions.ENTRIES,
          List.of(
              docker(
                  "docker.inspect",
                  "Inspects a container; its spec can start a copy elsewhere (docker.runEtcd).",
                  List.of(),
                  List.of(
                      required("exists", BOOL, "the container exists"),
                      required("running", BOOL, "it runs now"),
                      required("image", STRING, "its image"),
                      required(
                          "spec", MAP, "image, command, env, binds, network, restart policy"))),
              docker(
                  "docker.stop",
                  "Stops a container (SIGTERM, then SIGKILL after `graceful`); idempotent.",
                  List.of(optional("graceful", DURATION, "time to exit before SIGKILL (10s)")),
                  dockerState()),
              docker("docker.start", "Starts a container; idempotent.", List.of(), dockerState()),
              docker(
                  "docker.remove",
                  "Removes a container; idempotent.",
                  List.of(optional("force", BOOL, "remove even when running")),
                  List.of(required("removed", BOOL, "false when it did not exist"))),
              new ActivityDefinition(
                  "docker.runEtcd",
                  Placement.NODE,
                  "Runs an etcd container from the spec of an existing one (as runlike would), changed"
                      + " as the step says; idempotent.",
                  List.of(
                      optional("from", STRING, "container on this node to copy (default etcd)"),
                      optional("spec", MAP, "a spec from docker.inspect on another node, instead"),
                      optional("name", STRING, "new container's name (default etcd)"),
                      optional(
                          "args", MAP, "etcd flags to set, e.g. {data-dir: /var/lib/etcd-new}"),
                      optional("removeArgs", LIST_STRING, "etcd flags to drop"),
                      optional("binds", LIST_STRING, "extra bind mounts host:container"),
                      optional(
                          "replace",
                          BOOL,
                          "rename a different, stopped container of that name aside (never deleted)"),
                      optional(
                          "image",
                          STRING,
                          "run this image instead of the spec's (e.g. a newer etcd)")),
                  List.of(
                      required("containerId", STRING, "the running container"),
                      required("created", BOOL, "false when an identical one was running"),
                      required("replaced", STRING, "the old container's new name, or empty"))),
              docker(
                  "docker.exec",
                  "Runs a one-shot command in a running container; output captured and bounded.",
                  List.of(
                      required("command", LIST_STRING, "argv"),
                      optional("maxOutput", INT, "bytes of output kept (default 65536)")),
                  List.of(
                      required("exitCode", INT, "the command's exit code"),
                      required("output", STRING, "stdout and stderr, bounded"))),
              new ActivityDefinition(
                  "rke.externalEtcd",
                  Placement.DEPLOY_NODE,
                  "Rewrites cluster.yml to use an external etcd; backup first; idempotent.",
                  List.of(
                      CLUSTER,
                      required("externalUrls", LIST_STRING, "client URLs of the new etcd"),
                      optional("removeNodes", LIST_STRING, "nodes to drop from the nodes list"),
                      optional("caCert", STRING, "CA file (default kube-ca.pem)"),
                      optional("cert", STRING, "client certificate file"),
                      optional("key", STRING, "client key file (its path only)"),
                      optional("path", STRING, "etcd key prefix (default /registry)")),
                  List.of(
                      required("config", STRING, "the rewritten cluster.yml"),
                      required("backup", STRING, "the original, kept"),
                      required("changed", BOOL, "false when it already said this"))),
              new ActivityDefinition(
                  "rke.up",
                  Placement.DEPLOY_NODE,
                  "Runs `rke up --config FILE`; known fatal errors become clear failures.",
                  List.of(CLUSTER, optional("extraArgs", LIST_STRING, "more rke arguments")),
                  List.of(required("exitCode", INT, "rke's exit code"))),
              new ActivityDefinition(
                  "rke.check",
                  Placement.DEPLOY_NODE,
                  "Whether `rke up` could run now: the rke executable, cluster.yml and"
                      + " cluster.rkestate beside it. Changes nothing.",
                  List.of(CLUSTER),
                  List.of(
                      required("rke", STRING, "the executable found, empty when none"),
                      required("config", STRING, "cluster.yml's path on the node"),
                      required("configExists", BOOL, "cluster.yml is there"),
                      required("stateExists", BOOL, "cluster.rkestate is beside it"))),
              new ActivityDefinition(
                  "host.clock",
                  Placement.NODE,
                  "The node's clock, for skew checks before issuing certificates.",
                  List.of(),
                  List.of(
                      required("epochMillis", INT, "milliseconds since the epoch"),
                      required("iso", STRING, "the same, RFC 3339"))),
              new ActivityDefinition(
                  "host.files",
                  Placement.NODE,
                  "Reads, writes (atomically), backs up or removes a file or folder under the agent's"
                      + " allowed roots.",
                  List.of(
                      required("path", STRING, "absolute path on the node"),
                      required("action", STRING, "read, write, backup or remove"),
                      optional("content", STRING, "for write")),
                  List.of(
                      required("exists", BOOL, "whether the path existed before"),
                      required("content", STRING, "for read: the text, bounded"),
                      required("backup", STRING, "for backup: the copy's path"))),
              new ActivityDefinition(
                  "host.ping",
                  Placement.NODE,
                  "Answers from the node's agent: proof that the agent polls its task queue.",
                  List.of(),
                  List.of(
                      required("node", STRING, "the agent's node"),
                      required("epochMillis", INT, "the node's clock"))),
              new ActivityDefinition(
                  "agents.probe",
                  Placement.WORKER,
                  "Which nodes' agents answer now: a host.ping on each node's task queue that must"
                      + " start within `timeout` (works on any Temporal server).",
                  List.of(
                      required("nodes", LIST_NODE, "the nodes to probe"),
                      optional(
                          "timeout", DURATION, "how long an agent has to answer (default 10s)")),
                  List.of(
                      required("answering", LIST_NODE, "nodes whose agent answered"),
                      required("unreachable", LIST_NODE, "nodes whose agent did not")),
                  new Composite(Composite.Kind.EACH_NODE_ANSWERS, List.of("host.ping"))),
              new ActivityDefinition(
                  "notify.webhook",
                  Placement.WORKER,
                  "POSTs a JSON message (drill reports, failures).",
                  List.of(
                      required("url", STRING, "where to POST"),
                      required("message", MAP, "the JSON body")),
                  List.of(required("status", INT, "HTTP status")))),
          ClusterRecordDefinitions.ENTRIES,
          CaKeyDefinitions.ENTRIES);

  private ActivityCatalog() {}

  @SafeVarargs
  private static List<ActivityDefinition> concat(List<ActivityDefinition>... parts) {
    return java.util.Arrays.stream(parts).flatMap(List::stream).toList();
  }

  public static List<ActivityDefinition> entries() {
    return ENTRIES;
  }

  public static Optional<ActivityDefinition> find(String name) {
    return ENTRIES.stream().filter(a -> a.name().equals(name)).findFirst();
  }

  public static List<String> names() {
    return ENTRIES.stream().map(ActivityDefinition::name).toList();
  }

  private static ActivityDefinition docker(
      String name, String description, List<Field> extraInputs, List<Field> outputs) {
    List<Field> inputs =
        new java.util.ArrayList<>(List.of(required("container", STRING, "container name")));
    inputs.addAll(extraInputs);
    return new ActivityDefinition(name, Placement.NODE, description, inputs, outputs);
  }

  private static List<Field> dockerState() {
    return List.of(
        required("exists", BOOL, "the container exists"),
        required("running", BOOL, "it runs now"),
        required("changed", BOOL, "this call changed its state"),
        required("image", STRING, "its image"));
  }
}
