package io.etcddr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `user add` prints a person's token once and keeps only its SHA-256 (0600), makes the worker's
 * approval key beside the file, and refuses a bad name or role in one line with exit 2.
 */
class UserCommandsTest {

  @TempDir Path dir;

  @Test
  void addPrintsTheTokenOnceAndKeepsOnlyItsHash() throws Exception {
    Path users = dir.resolve("people").resolve("users.yaml");

    CliRun added = CliRun.of("user", "add", "alice", "--role", "sre", "--users", users.toString());
    CliRun listed = CliRun.of("user", "list", "--users", users.toString());

    assertThat(added.exitCode()).as(added.err()).isZero();
    String token = added.out().strip().lines().reduce((a, b) -> b).orElseThrow();
    assertThat(token).hasSizeGreaterThanOrEqualTo(40);
    assertThat(added.out()).startsWith("added alice (roles sre) to " + users);
    assertThat(added.err()).contains("shown once and kept nowhere");
    assertThat(Files.readString(users)).doesNotContain(token).contains("tokenSha256");
    assertThat(Files.getPosixFilePermissions(users))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    assertThat(dir.resolve("people").resolve("approval-key.pem")).exists();
    assertThat(Files.getPosixFilePermissions(dir.resolve("people").resolve("approval-key.pem")))
        .doesNotContain(PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);
    assertThat(listed.out().strip()).isEqualTo("alice  roles: sre");
  }

  @Test
  void aBadNameOrRoleIsOneLineAndExitTwo() {
    Path users = dir.resolve("users.yaml");

    CliRun badRole = CliRun.of("user", "add", "bob", "--role", "SRE", "--users", users.toString());
    CliRun badName = CliRun.of("user", "add", "b b", "--users", users.toString());

    assertThat(badRole.exitCode()).isEqualTo(2);
    assertThat(badRole.err().strip())
        .isEqualTo("etcd-dr: role `SRE` is not a role name; write it in lower case, e.g. sre");
    assertThat(badName.exitCode()).isEqualTo(2);
    assertThat(badName.err().strip().lines()).hasSize(1);
    assertThat(users).doesNotExist();
  }
}
