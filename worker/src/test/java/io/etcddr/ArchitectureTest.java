package io.etcddr;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layers stay visible in the sources of every module: nothing below the CLI imports it (it maps
 * the lower layers' errors to exit codes, not the other way round), activities see only the
 * contract, packages depend on each other in one direction, only the CLI reaches the lab, and no
 * class grows past 400 lines.
 */
class ArchitectureTest {

  private static final List<Path> MODULES =
      List.of(
          Path.of("..", "contract"),
          Path.of("..", "workflows"),
          Path.of("..", "activities"),
          Path.of("..", "lab"),
          Path.of("."));

  @Test
  void nothingOutsideTheCliImportsIt() throws IOException {
    assertThat(mainSources())
        .filteredOn(f -> !f.toString().contains("/io/etcddr/cli/"))
        .filteredOn(f -> read(f).contains("import io.etcddr.cli."))
        .isEmpty();
  }

  /**
   * Activities see what crosses the wire — the contract module (step context, failure types,
   * placement, preflights, payload JSON, the cluster record's types) — never the runbook compiler,
   * CEL or the interpreter. (Their POM has the workflows module for tests only.)
   */
  @Test
  void activitiesDependOnTheContractAlone() throws IOException {
    assertThat(importsBeyond("/activities/src/main/java/", "activities", "contract")).isEmpty();
  }

  /** The contract is the bottom layer: it imports nothing of etcd-dr but itself. */
  @Test
  void theContractImportsOnlyItself() throws IOException {
    assertThat(importsBeyond("/contract/src/main/java/", "contract")).isEmpty();
  }

  /** Lines `FILE: import io.etcddr.…` of a module's sources outside the given top packages. */
  private static List<String> importsBeyond(String module, String... allowed) throws IOException {
    List<String> lines =
        mainSources().stream()
            .filter(f -> f.toString().contains(module))
            .flatMap(f -> read(f).lines().map(l -> f.getFileName() + ": " + l))
            .filter(l -> l.contains(": import io.etcddr."))
            .filter(
                l -> Stream.of(allowed).noneMatch(a -> l.contains("import io.etcddr." + a + ".")))
            .toList();
    assertThat(mainSources()).anyMatch(f -> f.toString().contains(module));
    return lines;
  }

  /**
   * Packages depend on each other in one direction only, so each can be read, tested and moved with
   * what it needs below it. A cycle is listed with its packages.
   */
  @Test
  void noPackagesDependOnEachOtherInACircle() throws IOException {
    PackageGraph graph = PackageGraph.of(mainSources());
    assertThat(graph.packages()).hasSizeGreaterThan(30);
    assertThat(graph.cycles()).isEmpty();
  }

  /**
   * The lab and its stand-ins are for trying the product out: they live in a module of their own,
   * and only `etcd-dr lab` reaches them.
   */
  @Test
  void onlyTheCliReachesTheLab() throws IOException {
    PackageGraph graph = PackageGraph.of(mainSources());
    assertThat(graph.dependentsOf("io.etcddr.lab"))
        .allMatch(p -> p.equals("io.etcddr.cli") || p.startsWith("io.etcddr.lab"));
    assertThat(mainSources())
        .filteredOn(f -> f.toString().contains("/io/etcddr/lab/"))
        .isNotEmpty()
        .allMatch(f -> f.toString().contains("/lab/src/main/java/"));
  }

  @Test
  void noClassIsLongerThanFourHundredLines() throws IOException {
    assertThat(mainSources()).filteredOn(f -> read(f).lines().count() > 400).isEmpty();
  }

  /**
   * Tests are read as specifications: the same rule, so a scenario's helpers get names of their
   * own.
   */
  @Test
  void noTestClassIsLongerThanFourHundredLines() throws IOException {
    assertThat(sources("src/test/java")).filteredOn(f -> read(f).lines().count() > 400).isEmpty();
  }

  private static List<Path> mainSources() throws IOException {
    return sources("src/main/java");
  }

  private static List<Path> sources(String folder) throws IOException {
    List<Path> all = new java.util.ArrayList<>();
    for (Path module : MODULES) {
      if (!Files.isDirectory(module.resolve(folder))) {
        continue; // the contract module has no tests of its own
      }
      try (Stream<Path> files = Files.walk(module.resolve(folder))) {
        files.filter(f -> f.toString().endsWith(".java")).forEach(all::add);
      }
    }
    assertThat(all).hasSizeGreaterThan(100);
    return all;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
