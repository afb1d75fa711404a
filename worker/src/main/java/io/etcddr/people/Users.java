package io.etcddr.people;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.etcddr.activities.host.SyncedFiles;
import io.etcddr.config.BadSetting;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The users file: the people who may approve, each with roles, the SHA-256 of a personal API token
 * (never the token), and optionally the name on their mTLS client certificate. Tokens are compared
 * digest to digest in constant time. Read again whenever the file changes, so an added user needs
 * no restart.
 */
public final class Users {

  /** One person as the file keeps them. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Entry(String name, List<String> roles, String tokenSha256, String certificate) {
    public Entry {
      roles = roles == null ? List.of() : List.copyOf(roles);
    }
  }

  /** The file's content. */
  record Content(List<Entry> users) {
    Content {
      users = users == null ? List.of() : List.copyOf(users);
    }
  }

  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final Path file;

  /** The entries as last read, and the file's modification time then: read again on change. */
  private volatile List<Entry> cached;

  private volatile long cachedModified = -1;

  public Users(Path file) {
    this.file = file;
  }

  public Path file() {
    return file;
  }

  /** The approval key kept beside the file. */
  public ApprovalKey approvalKey() {
    try {
      return ApprovalKey.in(file.toAbsolutePath().getParent());
    } catch (IOException e) {
      throw new BadSetting(e.getMessage() + "; check the folder of --users " + file);
    }
  }

  public List<Entry> entries() {
    if (!Files.exists(file)) {
      return List.of();
    }
    try {
      long modified = Files.getLastModifiedTime(file).toMillis();
      if (cached == null || modified != cachedModified) {
        cached = YAML.readValue(file.toFile(), Content.class).users();
        cachedModified = modified;
      }
      return cached;
    } catch (IOException e) {
      throw new BadSetting(
          "the users file "
              + file
              + " cannot be read ("
              + io.etcddr.contract.OneLine.of(e.getMessage(), 120)
              + "); fix it or recreate it with `etcd-dr user add`");
    }
  }

  /** The person whose personal token an `Authorization: Bearer` header carries. */
  public Optional<Person> byBearer(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Optional.empty();
    }
    byte[] given = sha256(authorization.substring(7).strip());
    Entry found = null;
    for (Entry entry : entries()) { // every entry is compared, so timing says nothing of which
      if (entry.tokenSha256() != null
          && MessageDigest.isEqual(given, HexFormat.of().parseHex(entry.tokenSha256()))) {
        found = entry;
      }
    }
    return Optional.ofNullable(found).map(e -> new Person(e.name(), e.roles(), "token"));
  }

  /** The person whose client certificate carries {@code name} (their `certificate`, or name). */
  public Optional<Person> byCertificate(String name) {
    return entries().stream()
        .filter(e -> name.equals(e.certificate() == null ? e.name() : e.certificate()))
        .findFirst()
        .map(e -> new Person(e.name(), e.roles(), "mtls"));
  }

  /**
   * Adds a person (or replaces their roles and token) and returns their new token: shown once, kept
   * only as its SHA-256. The file is replaced whole, readable by its owner only.
   */
  public String add(String name, List<String> roles, String certificate) throws IOException {
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    List<Entry> entries = new ArrayList<>(entries());
    entries.removeIf(e -> e.name().equals(name));
    entries.add(new Entry(name, roles, HexFormat.of().formatHex(sha256(token)), certificate));
    String text =
        "# etcd-dr users: who may approve; only a SHA-256 of each token is kept\n"
            + YAML.writeValueAsString(new Content(entries)).replaceFirst("^---\\n", "");
    SyncedFiles.replace(file, text);
    cached = null;
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    approvalKey(); // made now, so that every worker reading this folder shares it
    return token;
  }

  private static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java", e);
    }
  }
}
