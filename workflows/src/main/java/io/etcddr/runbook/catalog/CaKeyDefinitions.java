package io.etcddr.runbook.catalog;

import static io.etcddr.runbook.catalog.Field.optional;
import static io.etcddr.runbook.catalog.Field.required;
import static io.etcddr.runbook.model.ValueType.BOOL;
import static io.etcddr.runbook.model.ValueType.STRING;

import io.etcddr.contract.Placement;
import java.util.List;

/**
 * The catalog's activities on the cluster CA's key: whether the CA node holds it, an encrypted copy
 * of it away from the cluster, and that copy put back on the node that becomes the CA node.
 */
final class CaKeyDefinitions {

  private static final Field CLUSTER = EtcdActivityDefinitions.CLUSTER;
  private static final Field CERT_DIR =
      optional("certDir", STRING, "certificate directory (/etc/kubernetes/ssl)");
  private static final List<Field> STORE =
      List.of(
          CLUSTER,
          required("store", STRING, "s3://BUCKET/PREFIX or a folder, as the snapshots use"),
          optional("storeEndpoint", STRING, "an S3 API other than AWS's (MinIO, Ceph)"),
          optional("region", STRING, "the store's region (default us-east-1)"),
          CERT_DIR);

  static final List<ActivityDefinition> ENTRIES =
      List.of(
          new ActivityDefinition(
              "cert.caKey",
              Placement.CA_NODE,
              "Whether the CA node holds kube-ca-key.pem and it belongs to kube-ca.pem; read only.",
              List.of(CLUSTER, CERT_DIR),
              List.of(
                  required("present", BOOL, "the CA key is there and is the CA's"),
                  required("caNotAfter", STRING, "when the CA certificate expires, RFC 3339"),
                  required("detail", STRING, "one line: what is there, or what is wrong"))),
          new ActivityDefinition(
              "cert.caKeyBackup",
              Placement.CA_NODE,
              "The CA certificate and key, encrypted on the CA node with its snapshot key, into the"
                  + " store under the cluster's name; the same CA stored already is kept.",
              STORE,
              List.of(
                  required("name", STRING, "the object in the store"),
                  required("caSha256", STRING, "sha256 of the CA certificate it holds"),
                  required("keyId", STRING, "the snapshot key that encrypted it"))),
          new ActivityDefinition(
              "cert.caKeyRestore",
              Placement.NODE,
              "Puts the stored copy of the CA key on this node (decrypted and checked here, 0600),"
                  + " which then becomes the CA node; never replaces another CA's key.",
              STORE,
              List.of(
                  required("caCertPath", STRING, "kube-ca.pem on this node"),
                  required("caKeyPath", STRING, "kube-ca-key.pem on this node"),
                  required("caSha256", STRING, "sha256 of the CA certificate"),
                  required("restored", BOOL, "false when this node held the same CA already"))));

  private CaKeyDefinitions() {}
}
