package io.etcddr.activities.cert;

import io.etcddr.activities.host.AgentPaths;
import io.etcddr.activities.preflight.PreflightTable;
import io.etcddr.activities.preflight.Preflighted;
import io.etcddr.activities.store.SnapshotKeys;
import io.etcddr.activities.store.SnapshotStore;
import io.etcddr.activities.store.SnapshotStores;
import io.etcddr.activities.store.StoreLocation;
import io.etcddr.activities.store.StoredSnapshot;
import io.etcddr.activities.support.ActivityFailures;
import io.etcddr.contract.FailureType;
import io.etcddr.contract.Preflight;
import io.etcddr.contract.StepContext;
import io.etcddr.contract.cert.CaKeyActivities;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;

public final class CaKeyActivitiesImpl implements CaKeyActivities, Preflighted {

  static final String DEFAULT_CERT_DIR = "/etc/kubernetes/ssl";

  /** Between the certificate and the key in the encrypted bundle: neither PEM contains it. */
  private static final String SEPARATOR = "\n# etcd-dr: the CA key follows\n";

  private final AgentPaths paths;
  private final SnapshotStores stores;
  private final Clock clock;

  public CaKeyActivitiesImpl(AgentPaths paths, SnapshotStores stores, Clock clock) {
    this.paths = paths;
    this.stores = stores;
    this.clock = clock;
  }

  @Override
  public PreflightTable preflights() {
    return new PreflightTable()
        .readsDeclaredBy(this)
        .add(
            "cert.caKeyBackup",
            BackupRequest.class,
            (request, asked, context) -> {
              String would = "encrypt the CA and its key to " + request.store();
              CaKeyState here =
                  caKey(new CaKeyRequest(request.cluster(), request.certDir()), context);
              if (!here.present()) {
                return Preflight.notReady(would, here.detail());
              }
              try (SnapshotStore store =
                  stores.open(
                      StoreLocation.parse(request.store()),
                      request.storeEndpoint(),
                      request.region())) {
                return Preflight.ready(would + " as " + name(request.cluster()));
              }
            })
        .add(
            "cert.caKeyRestore",
            RestoreRequest.class,
            (request, asked, context) -> {
              CaKeyState here =
                  caKey(new CaKeyRequest(request.cluster(), request.certDir()), context);
              if (here.present()) {
                return Preflight.ready("nothing: " + here.detail() + " is already here");
              }
              try (SnapshotStore store =
                  stores.open(
                      StoreLocation.parse(request.store()),
                      request.storeEndpoint(),
                      request.region())) {
                return Preflight.ready(
                    "fetch "
                        + name(request.cluster())
                        + " from "
                        + request.store()
                        + " and decrypt it here");
              }
            });
  }

  @Override
  public CaKeyState caKey(CaKeyRequest request, StepContext context) {
    Path dir = dir(request.certDir());
    Path key = dir.resolve(RkeCertificateNames.CA_KEY);
    if (!Files.isRegularFile(key)) {
      return new CaKeyState(false, "", "no " + paths.toNode(key) + " on this node");
    }
    try {
      ClusterCa ca = ClusterCa.load(dir);
      X509Certificate cert = ca.certificate();
      if (!CertActivitiesImpl.matches(cert, PemFiles.readPrivateKey(key))) {
        return new CaKeyState(
            false, "", paths.toNode(key) + " does not belong to " + RkeCertificateNames.CA_CERT);
      }
      return new CaKeyState(
          true,
          cert.getNotAfter().toInstant().toString(),
          RkeCertificateNames.CA_KEY + " in " + paths.toNode(dir));
    } catch (IOException e) {
      return new CaKeyState(
          false, "", "the CA in " + paths.toNode(dir) + " is unusable: " + e.getMessage());
    }
  }

  @Override
  public BackedUp backup(BackupRequest request, StepContext context) {
    Path dir = dir(request.certDir());
    String name = name(request.cluster());
    try (SnapshotStore store =
        stores.open(
            StoreLocation.parse(request.store()), request.storeEndpoint(), request.region())) {
      String cert = Files.readString(dir.resolve(RkeCertificateNames.CA_CERT));
      String key = Files.readString(dir.resolve(RkeCertificateNames.CA_KEY));
      if (!CertActivitiesImpl.matches(
          PemFiles.parseCertificate(cert, RkeCertificateNames.CA_CERT),
          PemFiles.parsePrivateKey(key, RkeCertificateNames.CA_KEY))) {
        throw ActivityFailures.precondition(
            RkeCertificateNames.CA_KEY + " in " + paths.toNode(dir) + " does not belong to its CA");
      }
      String caSha256 = sha256(cert);
      SnapshotKeys keys = stores.keys();
      var stored = store.find(name).filter(StoredSnapshot::complete);
      if (stored.isPresent() && stored.get().sha256().equals(caSha256)) {
        return new BackedUp(name, caSha256, stored.get().keyId());
      }
      Path stage = Files.createTempFile(dir, ".ca-key-", ".enc"); // beside the key it holds
      try {
        try (OutputStream out = Files.newOutputStream(stage);
            OutputStream sealed = keys.encrypting(out, name)) {
          sealed.write((cert + SEPARATOR + key).getBytes(StandardCharsets.UTF_8));
        }
        store.put(
            name,
            stage,
            Map.of(
                StoredSnapshot.SHA256,
                caSha256,
                StoredSnapshot.CREATED,
                clock.instant().toString(),
                StoredSnapshot.KEY_ID,
                keys.keyId(),
                StoredSnapshot.KIND,
                StoredSnapshot.KIND_CA_KEY));
      } finally {
        Files.deleteIfExists(stage);
      }
      return new BackedUp(name, caSha256, keys.keyId());
    } catch (java.nio.file.NoSuchFileException e) {
      throw ActivityFailures.precondition(
          "no CA on this node: "
              + e.getFile()
              + " is missing; run the backup on the inventory's caNode");
    } catch (IOException e) {
      throw ActivityFailures.retryable("cannot back up the CA key: " + e.getMessage());
    }
  }

  @Override
  public Restored restore(RestoreRequest request, StepContext context) {
    Path dir = dir(request.certDir());
    String name = name(request.cluster());
    Path certFile = dir.resolve(RkeCertificateNames.CA_CERT);
    Path keyFile = dir.resolve(RkeCertificateNames.CA_KEY);
    try (SnapshotStore store =
        stores.open(
            StoreLocation.parse(request.store()), request.storeEndpoint(), request.region())) {
      StoredSnapshot stored =
          store
              .find(name)
              .filter(StoredSnapshot::complete)
              .orElseThrow(
                  () ->
                      ActivityFailures.precondition(
                          "no copy of the CA key of cluster `"
                              + request.cluster()
                              + "` in "
                              + request.store()
                              + "; back it up first (etcd-dr ca-key backup)"));
      Files.createDirectories(dir);
      String[] bundle = decrypt(store, name, dir).split(SEPARATOR, 2);
      X509Certificate cert = PemFiles.parseCertificate(bundle[0], "the copy's CA certificate");
      PrivateKey key = PemFiles.parsePrivateKey(bundle[1], "the copy's CA key");
      if (bundle.length != 2
          || !CertActivitiesImpl.matches(cert, key)
          || !sha256(bundle[0]).equals(stored.sha256())) {
        throw ActivityFailures.of(
            FailureType.Fatal, "the copy of the CA key in " + request.store() + " is not whole");
      }
      if (Files.exists(keyFile)) {
        if (CertActivitiesImpl.matches(cert, PemFiles.readPrivateKey(keyFile))) {
          return restored(certFile, keyFile, stored.sha256(), false);
        }
        throw ActivityFailures.precondition(
            paths.toNode(keyFile)
                + " holds another CA's key; etcd-dr never replaces a CA key: move it aside first");
      }
      PemFiles.writePrivate(keyFile, bundle[1]); // key first: the certificate alone is harmless
      PemFiles.writePublic(certFile, bundle[0]);
      return restored(certFile, keyFile, stored.sha256(), true);
    } catch (IOException e) {
      throw ActivityFailures.retryable("cannot restore the CA key: " + e.getMessage());
    }
  }

  /** Decrypts the small bundle in memory; a copy that fails authentication is refused for good. */
  private String decrypt(SnapshotStore store, String name, Path dir) throws IOException {
    Path download = Files.createTempFile(dir, ".ca-key-", ".download");
    try {
      store.download(name, download);
      ByteArrayOutputStream plain = new ByteArrayOutputStream();
      try (InputStream in = stores.keys().decrypting(Files.newInputStream(download), name)) {
        in.transferTo(plain);
      } catch (IOException authentication) {
        throw ActivityFailures.of(
            FailureType.Fatal,
            "the copy of the CA key failed authentication: it was changed after it was stored, or"
                + " another snapshot key encrypted it; nothing was written");
      }
      return plain.toString(StandardCharsets.UTF_8);
    } finally {
      Files.deleteIfExists(download);
    }
  }

  private Restored restored(Path cert, Path key, String sha256, boolean restored) {
    return new Restored(paths.toNode(cert), paths.toNode(key), sha256, restored);
  }

  private Path dir(String certDir) {
    return paths.resolve(certDir == null || certDir.isBlank() ? DEFAULT_CERT_DIR : certDir);
  }

  static String name(String cluster) {
    return cluster + "-kube-ca.enc";
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
