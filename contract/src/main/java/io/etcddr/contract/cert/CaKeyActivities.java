package io.etcddr.contract.cert;

import io.etcddr.contract.Key;
import io.etcddr.contract.Placement;
import io.etcddr.contract.Step;
import io.etcddr.contract.StepContext;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * The cluster CA's key on the node that holds it: whether it is there, an encrypted copy of it away
 * from the cluster, and that copy put back on another node that then becomes the CA node. The key
 * is read, encrypted and decrypted on the nodes themselves with the node's snapshot key; what these
 * activities return names files and digests, never key material.
 */
@ActivityInterface
public interface CaKeyActivities {

  record CaKeyRequest(
      @Key("cluster name; endpoints and TLS come from the inventory") String cluster,
      @Key(value = "the certificate directory (default /etc/kubernetes/ssl)", optional = true)
          String certDir) {}

  record CaKeyState(
      @Key("kube-ca-key.pem is there and belongs to kube-ca.pem") boolean present,
      @Key("when the CA certificate expires (RFC 3339; empty when unreadable)") String caNotAfter,
      @Key("one line for people: what is there, or what is wrong") String detail) {}

  record BackupRequest(
      @Key("cluster name; endpoints and TLS come from the inventory") String cluster,
      @Key("s3://BUCKET/PREFIX or a folder, as the snapshot runbooks take it") String store,
      @Key(value = "an S3 API other than AWS's (MinIO, Ceph)", optional = true)
          String storeEndpoint,
      @Key(value = "the store's region (default us-east-1)", optional = true) String region,
      @Key(value = "certificate directory (/etc/kubernetes/ssl)", optional = true)
          String certDir) {}

  record BackedUp(
      @Key("the object in the store") String name,
      @Key("sha256 of the CA certificate (never of the key): which CA the copy holds")
          String caSha256,
      @Key("the snapshot key that encrypted it") String keyId) {}

  record RestoreRequest(
      @Key("cluster name; endpoints and TLS come from the inventory") String cluster,
      @Key("s3://BUCKET/PREFIX or a folder, as the snapshots use") String store,
      @Key(value = "an S3 API other than AWS's (MinIO, Ceph)", optional = true)
          String storeEndpoint,
      @Key(value = "the store's region (default us-east-1)", optional = true) String region,
      @Key(value = "certificate directory (/etc/kubernetes/ssl)", optional = true)
          String certDir) {}

  record Restored(
      @Key("kube-ca.pem on this node") String caCertPath,
      @Key("kube-ca-key.pem on this node") String caKeyPath,
      @Key("sha256 of the CA certificate") String caSha256,
      @Key("false when this node held the same CA already") boolean restored) {}

  /** On the CA node: is the CA key there, and does it belong to the CA certificate? Read only. */
  @Step(
      value = "Whether the CA node holds kube-ca-key.pem and it belongs to kube-ca.pem; read only.",
      placement = Placement.CA_NODE,
      reads = "check the CA key on this node")
  @ActivityMethod(name = "cert.caKey")
  CaKeyState caKey(CaKeyRequest request, StepContext context);

  /**
   * On the CA node: the CA certificate and key, encrypted on this node with its snapshot key, into
   * the store under a name of the cluster. Idempotent: the same CA stored already is kept.
   */
  @Step(
      value =
          "The CA certificate and key, encrypted on the CA node with its snapshot key, into"
              + " the store under the cluster's name; the same CA stored already is kept.",
      placement = Placement.CA_NODE)
  @ActivityMethod(name = "cert.caKeyBackup")
  BackedUp backup(BackupRequest request, StepContext context);

  /**
   * On the node that becomes the CA node: fetches and decrypts the copy (a changed or foreign copy
   * is refused), checks the key belongs to the certificate, and writes kube-ca.pem and
   * kube-ca-key.pem (0600). Never replaces another CA's key; the same CA again is a no-op.
   */
  @Step(
      value =
          "Puts the stored copy of the CA key on this node (decrypted and checked here,"
              + " 0600), which then becomes the CA node; never replaces another CA's key.",
      placement = Placement.NODE)
  @ActivityMethod(name = "cert.caKeyRestore")
  Restored restore(RestoreRequest request, StepContext context);
}
