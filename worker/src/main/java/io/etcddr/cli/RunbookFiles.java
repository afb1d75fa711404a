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
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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
    return compilerFor(file).compile(file.toString(), read(file));
  }

  /**
   * Compiles the files side by side on the machine's cores (each compilation is independent: a
   * folder's library is read once, first, and only read after), results in the files' order.
   */
  List<Compilation> compileAll(List<Path> files) {
    files.forEach(this::compilerFor);
    return files.parallelStream().map(this::compile).toList();
  }

  private RunbookCompiler compilerFor(Path file) {
    Path folder = file.toAbsolutePath().getParent();
    return compilers.computeIfAbsent(folder, f -> new RunbookCompiler(new DirectoryLibrary(f)));
  }

  static String read(Path file) {
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
