package io.etcddr.runbook.library;

import io.etcddr.runbook.diagnostics.Diagnostics;
import io.etcddr.runbook.model.RunbookLibrary;
import io.etcddr.runbook.model.RunbookSpec;
import io.etcddr.runbook.read.RunbookReader;
import io.etcddr.runbook.yaml.YamlTreeReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The runbooks of one folder ({@code *.yaml}, {@code *.yml}, not recursive), by `metadata.name`.
 * Files that cannot be read as runbooks are skipped here; `validate` reports them.
 */
public final class DirectoryLibrary implements RunbookLibrary {

  private final Map<String, Entry> byName = new TreeMap<>();

  /** A runbook of the library: its file, its text and its declared inputs. */
  public record Entry(Path file, String text, RunbookSpec spec) {}

  public DirectoryLibrary(Path directory) {
    for (Path file : runbookFiles(directory)) {
      try {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        Diagnostics ignored = new Diagnostics();
        new YamlTreeReader(file.toString(), ignored)
            .read(text)
            .flatMap(root -> new RunbookReader(ignored).read(file.toString(), root))
            .filter(spec -> spec.name() != null)
            .ifPresent(
                spec -> byName.putIfAbsent(spec.name().value(), new Entry(file, text, spec)));
      } catch (IOException | UncheckedIOException e) {
        // An unreadable file is not part of the library; validate names it when asked.
      }
    }
  }

  /** The runbook files directly in {@code directory}, sorted by name. */
  public static List<Path> runbookFiles(Path directory) {
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(directory)) {
      return files
          .filter(Files::isRegularFile)
          .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
          .sorted()
          .toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  public Optional<Entry> find(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  @Override
  public Optional<List<RunbookSpec.InputSpec>> inputsOf(String name) {
    return find(name).map(e -> e.spec().inputs());
  }

  @Override
  public Set<String> names() {
    return byName.keySet();
  }
}
