package io.etcddr.runs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The library is compiled once per change of its files, not once per request: the same files give
 * the same compiled plans; an edited, added or removed runbook is seen at the next read.
 */
class LibraryPlansTest {

  @TempDir Path dir;

  @Test
  void compiledOncePerChangeOfTheFiles() throws Exception {
    Path file = write("check.yaml", "first check");
    LibraryPlans first = LibraryPlans.read(dir);
    assertThat(first.find("check").orElseThrow().description()).isEqualTo("first check");
    assertThat(LibraryPlans.read(dir))
        .as("nothing changed: the same compiled library")
        .isSameAs(first);

    write("check.yaml", "second, a longer check");
    LibraryPlans edited = LibraryPlans.read(dir);
    assertThat(edited).isNotSameAs(first);
    assertThat(edited.find("check").orElseThrow().description())
        .isEqualTo("second, a longer check");

    write("other.yaml", "other");
    assertThat(LibraryPlans.read(dir).exists("other")).isTrue();
    Files.delete(file);
    assertThat(LibraryPlans.read(dir).exists("check")).isFalse();
  }

  private Path write(String name, String description) throws Exception {
    String runbook = name.replace(".yaml", "");
    return Files.writeString(
        dir.resolve(name),
        "apiVersion: etcd-dr/v1\nkind: Runbook\nmetadata: { name: "
            + runbook
            + ", description: \""
            + description
            + "\" }\nsteps:\n  - id: status\n    uses: etcd.status\n    with: { cluster: lab }\n");
  }
}
