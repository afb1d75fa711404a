package io.etcddr.activities.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one format of FILE.sha256: the digest, then a snapshot's revision. */
class DigestSidecarTest {

  @TempDir Path dir;

  @Test
  void aSnapshotsSidecarKeepsItsRevisionAndACopysHasNone() throws Exception {
    Path snapshot = Files.writeString(dir.resolve("s.db"), "s");
    Path copy = Files.writeString(dir.resolve("c.db"), "c");

    new DigestSidecar("aa", 42).writeFor(snapshot);
    new DigestSidecar("bb", 0).writeFor(copy);

    assertThat(Files.readString(dir.resolve("s.db.sha256"))).isEqualTo("aa 42\n");
    assertThat(Files.readString(dir.resolve("c.db.sha256"))).isEqualTo("bb\n");
    assertThat(DigestSidecar.read(snapshot)).contains(new DigestSidecar("aa", 42));
    assertThat(DigestSidecar.read(copy)).contains(new DigestSidecar("bb", 0));
    assertThat(DigestSidecar.complete(copy)).isTrue();
  }

  @Test
  void aFileWithoutItsSidecarWasNotFinished() throws Exception {
    Path partial = Files.writeString(dir.resolve("p.db"), "p");

    assertThat(DigestSidecar.read(partial)).isEmpty();
    assertThat(DigestSidecar.complete(partial)).isFalse();
  }
}
