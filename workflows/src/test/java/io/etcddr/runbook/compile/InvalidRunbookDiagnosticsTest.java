package io.etcddr.runbook.compile;

import static org.assertj.core.api.Assertions.assertThat;

import io.etcddr.runbook.diagnostics.Diagnostic;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every invalid runbook of the corpus yields exactly the diagnostics written in the {@code
 * .expected} file beside it, line for line, and no plan.
 */
class InvalidRunbookDiagnosticsTest {

  static Stream<Path> invalidRunbooks() {
    return Corpus.invalid().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidRunbooks")
  void reportsExactlyTheExpectedDiagnostics(Path file) {
    String name = file.getFileName().toString();
    Path expectedFile = file.resolveSibling(name.replaceFirst("\\.yaml$", ".expected"));
    List<String> expected = Corpus.read(expectedFile).lines().toList();

    Compilation result = Corpus.compile(file);

    assertThat(result.diagnostics().stream().map(Diagnostic::toString).toList())
        .containsExactlyElementsOf(expected);
    assertThat(result.plan()).isEmpty();
  }

  @Test
  void corpusHasAtLeastFortyCasesEachWithItsExpectation() {
    assertThat(Corpus.invalid()).hasSizeGreaterThanOrEqualTo(40);
    assertThat(Corpus.invalid())
        .allSatisfy(
            f ->
                assertThat(
                        f.resolveSibling(
                            f.getFileName().toString().replaceFirst("\\.yaml$", ".expected")))
                    .exists());
  }
}
