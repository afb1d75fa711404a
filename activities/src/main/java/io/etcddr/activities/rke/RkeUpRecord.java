package io.etcddr.activities.rke;

import io.etcddr.activities.host.HostFiles;
import io.etcddr.contract.StepContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * That a step's `rke up` succeeded on this cluster.yml, kept beside it. When an agent dies after
 * rke finished but before Temporal heard of it, the retry finds the record and does not run rke a
 * second time; a retry after a failure, or after cluster.yml changed, runs it again.
 */
final class RkeUpRecord {

  private final Path record;
  private final Path config;

  RkeUpRecord(Path config, StepContext context) {
    this.config = config;
    this.record = HostFiles.stepFile(config, ".etcd-dr-up-", context);
  }

  /** Whether this step already ran `rke up` to success on the config as it is now. */
  boolean succeededAlready() throws IOException {
    return Files.isRegularFile(record) && Files.readString(record).strip().equals(digest());
  }

  void succeeded() throws IOException {
    HostFiles.writeAtomically(record, (digest() + "\n").getBytes(StandardCharsets.UTF_8));
  }

  private String digest() throws IOException {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(config)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
