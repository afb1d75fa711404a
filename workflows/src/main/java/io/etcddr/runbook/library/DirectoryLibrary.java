package io.etcddr.runbook.library;

import io.etcddr.runbook.compile.RunbookCompiler;
import io.etcddr.runbook.model.RunbookLibrary;
import io.etcddr.runbook.model.RunbookSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The runbooks of one folder ({@code *.yaml}, {@code *.yml}, not recursive), by `metadata.name`.
 * Files that cannot be read as runbooks are skipped here; `validate` reports them.
 *
 * <p>The folder is read when first asked for, its files side by side: most runbooks call no other
 * runbook, and a short command (`validate` of one file) should not parse the whole library for
 * nothing.
 */
public final class DirectoryLibrary implements RunbookLibrary {

  private final Path directory;
  private volatile Map<String, Entry> byName;

  /** A runbook of the library: its file, its text and its declared inputs. */
  public record Entry(Path file, String text, RunbookSpec spec) {}

  public DirectoryLibrary(Path directory) {
    this.directory = directory;
  }

  /**
   * The library of a folder whose files the caller has read already: its entries, one per file that
   * is a runbook, in the folder's file order.
   */
  public static DirectoryLibrary of(Path directory, List<Entry> entries) {
    DirectoryLibrary library = new DirectoryLibrary(directory);
    library.byName = index(entries);
    return library;
  }

  private Map<String, Entry> byName() {
    Map<String, Entry> read = byName;
    if (read == null) {
      synchronized (this) {
        if (byName == null) {
          byName =
              index(
                  runbookFiles(directory).parallelStream()
                      .map(DirectoryLibrary::read)
                      .flatMap(Optional::stream)
                      .toList());
        }
        read = byName;
      }
    }
    return read;
  }

  /** By name; of two runbooks with one name, the first file in name order counts. */
  private static Map<String, Entry> index(List<Entry> entries) {
    Map<String, Entry> byName = new TreeMap<>();
    for (Entry entry : entries) {
      if (entry.spec().name() != null) {
        byName.putIfAbsent(entry.spec().name().value(), entry);
      }
    }
    return Collections.unmodifiableMap(byName);
  }

  /** The library's entry for a file read as a runbook, when it is one. */
  public static Optional<Entry> entryOf(Path file, RunbookCompiler.Read read) {
    return read.spec().map(spec -> new Entry(file, read.text(), spec));
  }

  private static Optional<Entry> read(Path file) {
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      return entryOf(file, RunbookCompiler.read(file.toString(), text));
    } catch (IOException | UncheckedIOException e) {
      // An unreadable file is not part of the library; validate names it when asked.
      return Optional.empty();
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
    return Optional.ofNullable(byName().get(name));
  }

  @Override
  public Optional<List<RunbookSpec.InputSpec>> inputsOf(String name) {
    return find(name).map(e -> e.spec().inputs());
  }

  @Override
  public Set<String> names() {
    return byName().keySet();
  }
}
