package io.etcddr.runbook.compile;

import io.etcddr.runbook.library.DirectoryLibrary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The runbook files the tests walk: the shipped library and the corpus under test resources. */
public final class Corpus {

  /** The shipped library, seen from a module directory of the reactor. */
  public static final Path LIBRARY = Path.of("..", "runbooks");

  public static final Path INVALID = Path.of("src", "test", "resources", "runbooks", "invalid");
  public static final Path VALID = Path.of("src", "test", "resources", "runbooks", "valid");

  private Corpus() {}

  public static List<Path> shipped() {
    return DirectoryLibrary.runbookFiles(LIBRARY);
  }

  public static List<Path> invalid() {
    return DirectoryLibrary.runbookFiles(INVALID);
  }

  public static List<Path> valid() {
    return DirectoryLibrary.runbookFiles(VALID);
  }

  public static RunbookCompiler compiler() {
    return new RunbookCompiler(new DirectoryLibrary(LIBRARY));
  }

  public static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Compiled under its bare file name, so expected diagnostics do not depend on the checkout. */
  public static Compilation compile(Path file) {
    return compiler().compile(file.getFileName().toString(), read(file));
  }
}
