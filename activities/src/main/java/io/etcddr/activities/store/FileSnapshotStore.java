package io.etcddr.activities.store;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Snapshots in a folder of the node (a mounted NFS share, a second disk): each file with a {@code
 * NAME.meta.json} beside it, written last, so a half-copied snapshot is never listed.
 */
public final class FileSnapshotStore implements SnapshotStore {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String META = ".meta.json";

  private final Path folder;

  public FileSnapshotStore(Path folder) {
    this.folder = folder;
  }

  @Override
  public StoredSnapshot put(String name, Path file, Map<String, String> metadata)
      throws IOException {
    Optional<StoredSnapshot> existing = storedAlready(name, metadata);
    if (existing.isPresent()) {
      return existing.get();
    }
    Files.createDirectories(folder);
    Path partial = folder.resolve("." + name + ".partial");
    Files.copy(file, partial, StandardCopyOption.REPLACE_EXISTING);
    Files.move(
        partial,
        folder.resolve(name),
        StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
    Path meta = folder.resolve("." + name + META + ".partial");
    Files.write(meta, JSON.writeValueAsBytes(metadata));
    Files.move(
        meta,
        folder.resolve(name + META),
        StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
    return new StoredSnapshot(name, Files.size(folder.resolve(name)), metadata);
  }

  @Override
  public List<StoredSnapshot> list() throws IOException {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    List<StoredSnapshot> all = new ArrayList<>();
    try (Stream<Path> files = Files.list(folder)) {
      for (Path meta : files.filter(f -> f.getFileName().toString().endsWith(META)).toList()) {
        String name = meta.getFileName().toString();
        find(name.substring(0, name.length() - META.length()))
            .filter(StoredSnapshot::complete)
            .ifPresent(all::add);
      }
    }
    all.sort(Comparator.comparing(StoredSnapshot::created).reversed());
    return all;
  }

  @Override
  public Optional<StoredSnapshot> find(String name) throws IOException {
    Path file = folder.resolve(name);
    Path meta = folder.resolve(name + META);
    if (!Files.isRegularFile(file) || !Files.isRegularFile(meta)) {
      return Optional.empty();
    }
    Map<String, String> metadata = JSON.readValue(meta.toFile(), new TypeReference<>() {});
    return Optional.of(new StoredSnapshot(name, Files.size(file), metadata));
  }

  @Override
  public void download(String name, Path target) throws IOException {
    Files.copy(folder.resolve(name), target, StandardCopyOption.REPLACE_EXISTING);
  }

  @Override
  public void delete(String name) throws IOException {
    Files.deleteIfExists(folder.resolve(name + META));
    Files.deleteIfExists(folder.resolve(name));
  }

  @Override
  public void close() {
    // nothing held open
  }
}
