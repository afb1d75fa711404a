package io.etcddr.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.etcddr.runbook.catalog.ActivityCatalog;
import io.etcddr.runbook.catalog.ActivityDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The interpreter knows no activity by name: what it runs comes from the plan, composites' parts
 * from the catalog. A string in the engine package that names a catalog activity (or a part of one)
 * is a special case creeping back in.
 */
class EngineNamesNoActivityTest {

  private static final Path ENGINE = Path.of("src/main/java/io/etcddr/engine");

  @Test
  void noEngineSourceNamesAnActivity() throws IOException {
    Set<String> names = new TreeSet<>();
    for (ActivityDefinition entry : ActivityCatalog.entries()) {
      names.add(entry.name());
      entry.asComposite().ifPresent(c -> names.addAll(c.parts()));
    }
    List<String> found = new ArrayList<>();
    try (Stream<Path> sources = Files.list(ENGINE)) {
      for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
        String text = Files.readString(source);
        for (String name : names) {
          if (text.contains("\"" + name + "\"") || text.contains("\"" + name + ".")) {
            found.add(source.getFileName() + " names " + name);
          }
        }
      }
    }
    assertThat(found).isEmpty();
  }
}
