package io.etcddr.codec;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import io.etcddr.config.BadSetting;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;

/**
 * The keys that encrypt every Temporal payload of etcd-dr: a Tink keyset file of AES-256-GCM keys,
 * mode 0600. The primary key encrypts; any key of the keyset decrypts (Tink finds it by the id in
 * the ciphertext), so a rotation adds a new primary and keeps the old keys for the histories they
 * wrote. The file's content is never logged or echoed.
 */
public final class PayloadKeys {

  static final String TEMPLATE = "AES256_GCM";

  private final Aead aead;
  private final String primaryKeyId;
  private final Path file;

  private PayloadKeys(KeysetHandle keyset, Path file) throws GeneralSecurityException {
    this.aead = keyset.getPrimitive(Aead.class);
    this.primaryKeyId = Integer.toUnsignedString(keyset.getPrimary().getId());
    this.file = file;
  }

  /** The keyset at {@code file}; a missing or foreign file is a bad setting, said without it. */
  public static PayloadKeys load(Path file) {
    try {
      return new PayloadKeys(read(file), file);
    } catch (IOException e) {
      throw new BadSetting(
          "no payload keyset at "
              + file
              + "; create one with `etcd-dr payload-key create "
              + file
              + "` and give the same file to the worker, agents, CLI and API");
    } catch (GeneralSecurityException e) {
      throw new BadSetting("the payload keyset at " + file + " is not a Tink AES-GCM keyset");
    }
  }

  /** Writes a new keyset of one key, mode 0600; never overwrites. Returns the key id. */
  public static String create(Path file) throws IOException, GeneralSecurityException {
    AeadConfig.register();
    KeysetHandle keyset =
        KeysetHandle.newBuilder()
            .addEntry(
                KeysetHandle.generateEntryFromParametersName(TEMPLATE).withRandomId().makePrimary())
            .build();
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Files.createFile(
        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(
        file, TinkJsonProtoKeysetFormat.serializeKeyset(keyset, InsecureSecretKeyAccess.get()));
    return Integer.toUnsignedString(keyset.getPrimary().getId());
  }

  /**
   * Adds a new key and makes it the primary, keeping the others (histories written with them stay
   * readable); the file is replaced atomically, still 0600. Returns the new key id.
   */
  public static String rotate(Path file) throws IOException, GeneralSecurityException {
    KeysetHandle rotated =
        KeysetHandle.newBuilder(read(file))
            .addEntry(
                KeysetHandle.generateEntryFromParametersName(TEMPLATE).withRandomId().makePrimary())
            .build();
    Path temp =
        Files.createTempFile(
            file.toAbsolutePath().getParent(),
            "." + file.getFileName(),
            ".rotating",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(
        temp, TinkJsonProtoKeysetFormat.serializeKeyset(rotated, InsecureSecretKeyAccess.get()));
    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    return Integer.toUnsignedString(rotated.getPrimary().getId());
  }

  private static KeysetHandle read(Path file) throws IOException, GeneralSecurityException {
    AeadConfig.register();
    return TinkJsonProtoKeysetFormat.parseKeyset(
        Files.readString(file, StandardCharsets.UTF_8), InsecureSecretKeyAccess.get());
  }

  public String primaryKeyId() {
    return primaryKeyId;
  }

  Path file() {
    return file;
  }

  byte[] encrypt(byte[] plaintext, byte[] associated) throws GeneralSecurityException {
    return aead.encrypt(plaintext, associated);
  }

  byte[] decrypt(byte[] ciphertext, byte[] associated) throws GeneralSecurityException {
    return aead.decrypt(ciphertext, associated);
  }
}
