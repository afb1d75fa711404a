package io.etcddr.activities.store;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeyTemplates;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.StreamingAead;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.streamingaead.StreamingAeadConfig;
import io.etcddr.activities.support.ActivityFailures;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;

/**
 * The key that encrypts snapshots before they leave a node: a Tink keyset file (streaming AEAD,
 * AES-256-GCM-HKDF, 1 MiB segments) kept on the nodes that snapshot and restore, never sent
 * anywhere. Each snapshot is bound to its name (the associated data), so a snapshot swapped for
 * another, or changed by one byte, fails authentication. Only the key id travels (in metadata).
 */
public final class SnapshotKeys {

  static final String TEMPLATE = "AES256_GCM_HKDF_1MB";

  private final StreamingAead aead;
  private final String keyId;

  private SnapshotKeys(KeysetHandle keyset) throws GeneralSecurityException {
    this.aead = keyset.getPrimitive(StreamingAead.class);
    this.keyId = Integer.toUnsignedString(keyset.getKeysetInfo().getPrimaryKeyId());
  }

  /** The keyset in {@code file}; a missing or unreadable file is said without its content. */
  public static SnapshotKeys load(Path file) {
    try {
      StreamingAeadConfig.register();
      String json = Files.readString(file, StandardCharsets.UTF_8);
      return new SnapshotKeys(
          TinkJsonProtoKeysetFormat.parseKeyset(json, InsecureSecretKeyAccess.get()));
    } catch (IOException e) {
      throw ActivityFailures.precondition(
          "this node has no snapshot key at "
              + file
              + "; create one with `etcd-dr snapshot-key create "
              + file
              + "` and copy it to the nodes that restore");
    } catch (GeneralSecurityException e) {
      throw ActivityFailures.precondition(
          "the snapshot key at " + file + " is not a Tink streaming AEAD keyset");
    }
  }

  /** Writes a new keyset, readable by its owner only; never overwrites one. */
  public static String create(Path file) throws IOException, GeneralSecurityException {
    StreamingAeadConfig.register();
    KeysetHandle keyset = KeysetHandle.generateNew(KeyTemplates.get(TEMPLATE));
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.createFile(
        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(
        file,
        TinkJsonProtoKeysetFormat.serializeKeyset(keyset, InsecureSecretKeyAccess.get()),
        StandardOpenOption.TRUNCATE_EXISTING);
    return new SnapshotKeys(keyset).keyId();
  }

  public String keyId() {
    return keyId;
  }

  public OutputStream encrypting(OutputStream ciphertext, String name) throws IOException {
    try {
      return aead.newEncryptingStream(ciphertext, associated(name));
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot encrypt " + name, e);
    }
  }

  /** Reads the plaintext; a changed or foreign ciphertext fails with an IOException while read. */
  public InputStream decrypting(InputStream ciphertext, String name) throws IOException {
    try {
      return aead.newDecryptingStream(ciphertext, associated(name));
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot decrypt " + name, e);
    }
  }

  private static byte[] associated(String name) {
    return ("etcd-dr snapshot " + name).getBytes(StandardCharsets.UTF_8);
  }
}
