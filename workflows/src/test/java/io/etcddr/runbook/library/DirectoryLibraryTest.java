package io.etcddr.runbook.library;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A folder's runbooks by name: read side by side, but as if one after another in name order. */
class DirectoryLibraryTest {

  @TempDir Path folder;

  @Test
  void ofTwoFilesWithOneNameTheFirstInNameOrderCountsWhateverOrderTheyAreReadIn()
      throws IOException {
    for (int i = 10; i < 40; i++) {
      write("a" + i + ".yaml", "child", "n" + i);
    }
    write("b.yml", "other", "x");

    DirectoryLibrary library = new DirectoryLibrary(folder);

    assertThat(library.names()).containsExactly("child", "other");
    assertThat(library.find("child").orElseThrow().file()).isEqualTo(folder.resolve("a10.yaml"));
    assertThat(library.inputsOf("child").orElseThrow())
        .extracting(input -> input.name().value())
        .containsExactly("n10");
  }

  @Test
  void aFileThatIsNoRunbookIsLeftOutAndTheFolderIsReadWhenFirstAskedFor() throws IOException {
    DirectoryLibrary library = new DirectoryLibrary(folder);
    Files.writeString(folder.resolve("broken.yaml"), "steps: [unclosed\n");
    Files.writeString(folder.resolve("notes.txt"), "not a runbook file\n");
    write("later.yaml", "later", "n");

    assertThat(library.names()).containsExactly("later");
    assertThat(library.find("broken")).isEmpty();
    assertThat(library.inputsOf("missing")).isEmpty();
  }

  private void write(String file, String name, String input) throws IOException {
    Files.writeString(
        folder.resolve(file),
        """
        apiVersion: etcd-dr/v1
        kind: Runbook
        metadata:
          name: %s
        inputs:
          %s: { type: string, required: true }
        steps:
          - id: s
            fail: "never"
        """
            .formatted(name, input));
  }
}
