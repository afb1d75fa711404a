package io.etcddr.api;

import io.etcddr.config.BadSetting;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The bearer token every route but `/healthz` requires. Only its SHA-256 is kept, and requests are
 * compared digest to digest with {@link MessageDigest#isEqual}, which takes the same time wherever
 * they differ. No message ever contains the token.
 */
public final class ApiToken {

  private final byte[] digest;

  private ApiToken(String token) {
    this.digest = sha256(token);
  }

  public static ApiToken of(String token) {
    if (token == null || token.isBlank()) {
      throw new BadSetting(
          "the HTTP API token is empty; put a long random string in the token file or"
              + " ETCD_DR_API_TOKEN");
    }
    return new ApiToken(token.strip());
  }

  public static ApiToken fromFile(Path file) {
    try {
      return of(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new BadSetting(
          "cannot read the HTTP API token file "
              + file
              + " ("
              + e.getClass().getSimpleName()
              + "); check --api-token-file");
    }
  }

  /**
   * A new random token written to {@code file} (mode 0600), for `etcd-dr dev`; an existing file is
   * reused so clients keep working across restarts.
   */
  public static ApiToken createIn(Path file) {
    try {
      if (Files.isRegularFile(file)) {
        return fromFile(file);
      }
      byte[] random = new byte[32];
      new SecureRandom().nextBytes(random);
      String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
      Files.createDirectories(file.toAbsolutePath().getParent());
      Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), ".token", ".tmp");
      Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
      Files.writeString(temp, token + "\n", StandardCharsets.UTF_8);
      Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      return new ApiToken(token);
    } catch (IOException e) {
      throw new BadSetting(
          "cannot write the HTTP API token file " + file + " (" + e.getMessage() + ")");
    }
  }

  /** Whether an `Authorization` header carries this token. */
  public boolean accepts(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    return MessageDigest.isEqual(digest, sha256(authorization.substring(7).strip()));
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
