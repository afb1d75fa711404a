package io.etcddr.contract.cert;

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

  /**
   * @param certDir the certificate directory (default /etc/kubernetes/ssl)
   */
  record CaKeyRequest(String cluster, String certDir) {}

  /**
   * @param present kube-ca-key.pem is there and belongs to kube-ca.pem
   * @param caNotAfter when the CA certificate expires (RFC 3339; empty when unreadable)
   * @param detail one line for people: what is there, or what is wrong
   */
  record CaKeyState(boolean present, String caNotAfter, String detail) {}

  /**
   * @param store s3://BUCKET/PREFIX or a folder, as the snapshot runbooks take it
   */
  record BackupRequest(
      String cluster, String store, String storeEndpoint, String region, String certDir) {}

  /**
   * @param name the object in the store
   * @param caSha256 sha256 of the CA certificate (never of the key): which CA the copy holds
   * @param keyId the snapshot key that encrypted it
   */
  record BackedUp(String name, String caSha256, String keyId) {}

  record RestoreRequest(
      String cluster, String store, String storeEndpoint, String region, String certDir) {}

  /**
   * @param restored false when this node held the same CA already
   */
  record Restored(String caCertPath, String caKeyPath, String caSha256, boolean restored) {}

  /** On the CA node: is the CA key there, and does it belong to the CA certificate? Read only. */
  @ActivityMethod(name = "cert.caKey")
  CaKeyState caKey(CaKeyRequest request, StepContext context);

  /**
   * On the CA node: the CA certificate and key, encrypted on this node with its snapshot key, into
   * the store under a name of the cluster. Idempotent: the same CA stored already is kept.
   */
  @ActivityMethod(name = "cert.caKeyBackup")
  BackedUp backup(BackupRequest request, StepContext context);

  /**
   * On the node that becomes the CA node: fetches and decrypts the copy (a changed or foreign copy
   * is refused), checks the key belongs to the certificate, and writes kube-ca.pem and
   * kube-ca-key.pem (0600). Never replaces another CA's key; the same CA again is a no-op.
   */
  @ActivityMethod(name = "cert.caKeyRestore")
  Restored restore(RestoreRequest request, StepContext context);
}
