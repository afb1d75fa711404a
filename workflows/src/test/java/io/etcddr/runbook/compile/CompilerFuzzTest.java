package io.etcddr.runbook.compile;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.etcddr.runbook.diagnostics.Diagnostic;
import io.etcddr.runbook.diagnostics.DiagnosticCode;
import java.util.ArrayList;
import java.util.List;

/**
 * Throws random and mutated YAML at the compiler: it must always answer with diagnostics, never an
 * exception, never an internal error, and every diagnostic must carry a usable position.
 *
 * <p>Mutations start from the shipped runbooks, so the fuzzer spends its time deep inside the
 * validator rather than in YAML syntax errors. CI runs it in fuzzing mode for a bounded time
 * (JAZZER_FUZZ=1, see the module's pom); plain runs replay the saved inputs.
 */
class CompilerFuzzTest {

  private static final List<String> SEEDS = Corpus.shipped().stream().map(Corpus::read).toList();
  private static final RunbookCompiler COMPILER = Corpus.compiler();

  private static final String[] FRAGMENTS = {
    "${{",
    "}}",
    "${{ inputs.",
    "${{ steps.",
    ".outputs.",
    "needs: [",
    "on: ",
    "uses: etcd.status",
    "- id: x",
    "  ",
    ":",
    "- ",
    "{",
    "}",
    "[",
    "]",
    "\"",
    "'",
    "&a",
    "*a",
    "!!binary",
    "---",
    "\t",
    "if: ",
    "with: ",
    "retry: { maxAttempts: ",
    "timeout: ",
    "0s",
    "1h",
    "null",
    "~",
    "true",
    "1e999",
  };

  @FuzzTest(maxDuration = "20s")
  void compilerAnswersEveryInputWithPositionedDiagnostics(FuzzedDataProvider data) {
    String text = data.consumeBoolean() ? mutate(data) : data.consumeRemainingAsString();

    Compilation result = COMPILER.compile("fuzz.yaml", text);

    assertThat(result.diagnostics())
        .allSatisfy(
            d -> {
              assertThat(d.code()).isNotEqualTo(DiagnosticCode.INTERNAL);
              assertThat(d.line()).isPositive();
              assertThat(d.column()).isPositive();
              assertThat(d.message()).isNotBlank();
            });
    assertThat(result.ok()).isEqualTo(result.diagnostics().stream().noneMatch(Diagnostic::isError));
  }

  private static String mutate(FuzzedDataProvider data) {
    List<String> lines =
        new ArrayList<>(SEEDS.get(data.consumeInt(0, SEEDS.size() - 1)).lines().toList());
    int mutations = data.consumeInt(1, 8);
    for (int i = 0; i < mutations && !lines.isEmpty(); i++) {
      int at = data.consumeInt(0, lines.size() - 1);
      String line = lines.get(at);
      switch (data.consumeInt(0, 6)) {
        case 0 -> lines.remove(at);
        case 1 -> lines.add(at, line);
        case 2 -> lines.set(at, "  " + line);
        case 3 -> lines.set(at, line.stripLeading());
        case 4 -> {
          int cut = data.consumeInt(0, line.length());
          String fragment = data.pickValue(FRAGMENTS);
          lines.set(at, line.substring(0, cut) + fragment + line.substring(cut));
        }
        case 5 -> lines.set(at, line.substring(0, data.consumeInt(0, line.length())));
        default -> lines.add(at, data.consumeString(40));
      }
    }
    return String.join("\n", lines) + "\n";
  }
}
