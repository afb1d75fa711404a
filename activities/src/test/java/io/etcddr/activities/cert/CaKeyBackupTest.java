package io.etcddr.activities.cert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.etcddr.activities.host.AgentPaths;
import io.etcddr.activities.store.SnapshotKeys;
import io.etcddr.activities.store.SnapshotStores;
import io.etcddr.activities.store.StoreActivitiesImpl;
import io.etcddr.contract.cert.CaKeyActivities;
import io.etcddr.contract.store.StoreActivities;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CA key's copy away from the cluster, on real files and the real cipher: encrypted on the CA
 * node into a folder store, put back on another node (key 0600) that can then sign; the copy holds
 * no readable key; a changed copy and another CA's key already on the target are refused; snapshot
 * listings never mistake the copy for a snapshot.
 */
class CaKeyBackupTest {

  @TempDir Path dir;
  private Path keyset;
  private Path caNode;
  private Path newCaNode;

  @BeforeEach
  void twoNodesAndAStore() throws Exception {
    keyset = dir.resolve("snapshot-keyset.json");
    SnapshotKeys.create(keyset);
    caNode = Files.createDirectories(dir.resolve("node2"));
    newCaNode = Files.createDirectories(dir.resolve("node1"));
    ClusterCa.create(caNode.resolve("etc/kubernetes/ssl"), "kube-ca", Duration.ofDays(3650));
  }

  @Test
  void aCopyMadeOnTheCaNodeBecomesAWorkingCaOnAnotherNode() throws Exception {
    CaKeyActivities.BackedUp copy = on(caNode).backup(backup(), null);
    String stored =
        Files.readString(
            dir.resolve("offsite").resolve(copy.name()),
            java.nio.charset.StandardCharsets.ISO_8859_1);
    assertThat(stored).as("the copy holds no readable key").doesNotContain("PRIVATE KEY");

    CaKeyActivities.Restored restored = on(newCaNode).restore(restore(), null);

    assertThat(restored.restored()).isTrue();
    assertThat(restored.caSha256()).isEqualTo(copy.caSha256());
    Path key = newCaNode.resolve("etc/kubernetes/ssl/kube-ca-key.pem");
    assertThat(Files.getPosixFilePermissions(key))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(Files.readString(key))
        .isEqualTo(Files.readString(caNode.resolve("etc/kubernetes/ssl/kube-ca-key.pem")));
    assertThat(
            on(newCaNode)
                .caKey(new CaKeyActivities.CaKeyRequest("lab", certDir(newCaNode)), null)
                .present())
        .isTrue();
    assertThat(on(newCaNode).restore(restore(), null).restored()).as("again: a no-op").isFalse();
  }

  @Test
  void anotherCasKeyOnTheTargetIsNeverReplaced() throws Exception {
    on(caNode).backup(backup(), null);
    ClusterCa.create(newCaNode.resolve("etc/kubernetes/ssl"), "other-ca", Duration.ofDays(10));
    String theirs = Files.readString(newCaNode.resolve("etc/kubernetes/ssl/kube-ca-key.pem"));

    ApplicationFailure refused =
        catchThrowableOfType(
            ApplicationFailure.class, () -> on(newCaNode).restore(restore(), null));

    assertThat(refused.getOriginalMessage())
        .isEqualTo(
            certDir(newCaNode)
                + "/kube-ca-key.pem holds another CA's key; etcd-dr never replaces a"
                + " CA key: move it aside first");
    assertThat(Files.readString(newCaNode.resolve("etc/kubernetes/ssl/kube-ca-key.pem")))
        .isEqualTo(theirs);
  }

  @Test
  void aChangedCopyIsRefusedAndNothingIsWritten() throws Exception {
    CaKeyActivities.BackedUp copy = on(caNode).backup(backup(), null);
    Path object = dir.resolve("offsite").resolve(copy.name());
    byte[] bytes = Files.readAllBytes(object);
    bytes[bytes.length / 2] ^= 1;
    Files.write(object, bytes);

    ApplicationFailure refused =
        catchThrowableOfType(
            ApplicationFailure.class, () -> on(newCaNode).restore(restore(), null));

    assertThat(refused.isNonRetryable()).isTrue();
    assertThat(refused.getOriginalMessage()).contains("failed authentication");
    assertThat(newCaNode.resolve("etc/kubernetes/ssl/kube-ca-key.pem")).doesNotExist();
  }

  @Test
  void theCopyIsNoSnapshotToRestoreFrom() throws Exception {
    on(caNode).backup(backup(), null);
    StoreActivitiesImpl snapshots =
        new StoreActivitiesImpl(ROOT, stores(caNode), Clock.systemUTC());

    ApplicationFailure none =
        catchThrowableOfType(
            ApplicationFailure.class,
            () ->
                snapshots.find(
                    new StoreActivities.FindRequest(
                        dir.resolve("offsite").toString(), null, null, null, null, null),
                    null));

    assertThat(none.getOriginalMessage()).startsWith("no snapshot of cluster");
  }

  /**
   * A node's agent; both see one store folder, as nodes mount a share (so paths are the machine's
   * own: the certificate folders differ per node).
   */
  private CaKeyActivitiesImpl on(Path node) {
    return new CaKeyActivitiesImpl(ROOT, stores(node), Clock.systemUTC());
  }

  private SnapshotStores stores(Path node) {
    return new SnapshotStores(ROOT, keyset, null);
  }

  private static String certDir(Path node) {
    return node.resolve("etc/kubernetes/ssl").toString();
  }

  private CaKeyActivities.BackupRequest backup() {
    return new CaKeyActivities.BackupRequest(
        "lab", dir.resolve("offsite").toString(), null, null, certDir(caNode));
  }

  private CaKeyActivities.RestoreRequest restore() {
    return new CaKeyActivities.RestoreRequest(
        "lab", dir.resolve("offsite").toString(), null, null, certDir(newCaNode));
  }

  private static final AgentPaths ROOT = new AgentPaths(Path.of("/"));
}
