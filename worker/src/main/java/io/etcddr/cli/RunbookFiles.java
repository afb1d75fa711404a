package io.etcddr.cli;

import io.etcddr.runbook.compile.Compilation;
import io.etcddr.runbook.compile.RunbookCompiler;
import io.etcddr.runbook.library.DirectoryLibrary;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

/**
 * Finds and compiles runbook files named on the command line; each file's `runbook:` steps are
 * resolved against the other runbooks of its folder.
 */
final class RunbookFiles {

  private final Map<Path, RunbookCompiler> compilers = new ConcurrentHashMap<>();

  /** The runbook files behind the given paths (folders expand to their *.yaml files). */
  static List<Path> expand(List<Path> paths) {
    List<Path> files = new ArrayList<>();
    for (Path path : paths) {
      if (Files.isDirectory(path)) {
        List<Path> inside = DirectoryLibrary.runbookFiles(path);
        if (inside.isEmpty()) {
          throw new UsageException(
              path + ": folder holds no *.yaml runbooks; name a runbook file or a folder of them");
        }
        files.addAll(inside);
      } else if (Files.isRegularFile(path)) {
        files.add(path);
      } else {
        throw new UsageException(path + ": no such file or folder; check the path");
      }
    }
    return files;
  }

  Compilation compile(Path file) {
    return compilerFor(file).compile(file.toString(), text(file));
  }

  /**
   * Compiles the files side by side on the machine's cores, results in the files' order. Each file
   * is read once: a folder whose every runbook is among them is its own library, made from these
   * reads (`runbook:` steps call its runbooks); any other folder's library is read when a
   * compilation first calls another runbook.
   */
  List<Compilation> compileAll(List<Path> files) {
    List<RunbookCompiler.Read> reads =
        files.parallelStream().map(f -> RunbookCompiler.read(f.toString(), text(f))).toList();
    librariesFrom(files, reads);
    return IntStream.range(0, files.size())
        .parallel()
        .mapToObj(i -> compilerFor(files.get(i)).compile(reads.get(i)))
        .toList();
  }

  private void librariesFrom(List<Path> files, List<RunbookCompiler.Read> reads) {
    Map<Path, RunbookCompiler.Read> byFile = new HashMap<>();
    for (int i = 0; i < files.size(); i++) {
      byFile.put(files.get(i).toAbsolutePath(), reads.get(i));
    }
    for (Path folder : files.stream().map(RunbookFiles::folderOf).distinct().toList()) {
      List<Path> inFolder = DirectoryLibrary.runbookFiles(folder);
      if (byFile.keySet().containsAll(inFolder)) {
        List<DirectoryLibrary.Entry> entries =
            inFolder.stream()
                .flatMap(file -> DirectoryLibrary.entryOf(file, byFile.get(file)).stream())
                .toList();
        compilers.putIfAbsent(folder, new RunbookCompiler(DirectoryLibrary.of(folder, entries)));
      }
    }
  }

  private RunbookCompiler compilerFor(Path file) {
    return compilers.computeIfAbsent(
        folderOf(file), f -> new RunbookCompiler(new DirectoryLibrary(f)));
  }

  private static Path folderOf(Path file) {
    return file.toAbsolutePath().getParent();
  }

  private static String text(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (MalformedInputException e) {
      throw new UsageException(file + ": not UTF-8 text; save the runbook as UTF-8");
    } catch (IOException e) {
      throw new UsageException(
          file + ": cannot be read (" + e.getMessage() + "); check its permissions");
    }
  }
}
