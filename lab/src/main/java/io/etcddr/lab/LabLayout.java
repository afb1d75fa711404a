package io.etcddr.lab;

import io.etcddr.activities.cert.RkeCertificateNames;
import io.etcddr.activities.etcd.EtcdVersion;
import io.etcddr.activities.host.AgentPaths;
import java.nio.file.Path;

/** Where the lab keeps each node's files, engine and agent, under one folder. */
public record LabLayout(Path dir) {

  public static final String CLUSTER = "lab";
  public static final String CERT_DIR = "/etc/kubernetes/ssl";
  public static final String RKE_CONFIG = "/etc/rke/cluster.yml";

  public LabLayout {
    dir = dir.toAbsolutePath().normalize();
  }

  /** The folder the node's agent sees as "/". */
  public Path root(String node) {
    return dir.resolve("nodes").resolve(node).resolve("root");
  }

  public AgentPaths paths(String node) {
    return new AgentPaths(root(node), AgentPaths.DEFAULT_ALLOWED);
  }

  public DockerDaemon docker(String node) {
    return new DockerDaemon(dir.resolve("nodes").resolve(node).resolve("docker"));
  }

  public Path agentPid(String node) {
    return dir.resolve("nodes").resolve(node).resolve("agent.pid");
  }

  public Path agentLog(String node) {
    return dir.resolve("nodes").resolve(node).resolve("agent.log");
  }

  /** The Temporal the lab's agents poll, as this machine reaches it; commands default to it. */
  public Path temporalAddressFile() {
    return dir.resolve("temporal-address");
  }

  public Path clusters() {
    return dir.resolve("clusters");
  }

  /** The worker's own folder: its etcd client certificate lives here. */
  public Path worker() {
    return dir.resolve("worker");
  }

  public Path workerCert(String suffix) {
    Path ssl = worker().resolve("ssl");
    return switch (suffix) {
      case "ca" -> ssl.resolve(RkeCertificateNames.CA_CERT);
      case "cert" -> RkeCertificateNames.etcdCert(ssl, "127.0.0.1");
      default -> RkeCertificateNames.etcdKey(ssl, "127.0.0.1");
    };
  }

  /** The lab's `rke`: a stand-in, since RKE itself cannot run here. */
  public Path rkeStandIn() {
    return dir.resolve("bin").resolve("rke");
  }

  public Path imageTar(EtcdVersion version) {
    return dir.resolve("rootfs-" + version.release() + ".tar");
  }

  /**
   * The snapshot key every lab node shares, as a real cluster's nodes share copies of one keyset
   * (made by `up`, mode 0600).
   */
  public Path snapshotKeyset() {
    return dir.resolve("snapshot-keyset.json");
  }

  /** The snapshot store's credentials the agents read, when something writes them (a test's S3). */
  public Path s3Credentials() {
    return dir.resolve("s3-credentials");
  }

  /** Where `up` remembers the lab's deploy node (`--deploy-node`), for later repairs. */
  public Path deployNodeFile() {
    return dir.resolve("deploy-node");
  }

  /** Where `up` remembers the lab's etcd versions, for later repairs and power-ons. */
  public Path versionsFile() {
    return dir.resolve("etcd-versions");
  }
}
