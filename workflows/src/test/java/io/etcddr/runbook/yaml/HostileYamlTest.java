package io.etcddr.runbook.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import io.etcddr.runbook.compile.Compilation;
import io.etcddr.runbook.compile.Corpus;
import io.etcddr.runbook.diagnostics.Diagnostic;
import io.etcddr.runbook.diagnostics.DiagnosticCode;
import org.junit.jupiter.api.Test;

/** Input no runbook should be: each gets one positioned diagnostic, never an exception. */
class HostileYamlTest {

  @Test
  void tenMegabyteFileIsRefusedBeforeParsing() {
    String huge = "# " + "x".repeat(10 * 1024 * 1024) + "\n";

    Compilation result = Corpus.compiler().compile("huge.yaml", huge);

    assertThat(result.diagnostics())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.code()).isEqualTo(DiagnosticCode.FILE_TOO_LARGE);
              assertThat(d.toString())
                  .startsWith("huge.yaml:1:1: error[RB003]: file is 10485763 bytes");
            });
  }

  @Test
  void deeplyNestedFlowListsStopAtTheDepthLimit() {
    String deep = "steps: " + "[".repeat(100_000) + "]".repeat(100_000) + "\n";

    Compilation result = Corpus.compiler().compile("deep.yaml", deep);

    assertThat(result.diagnostics())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.code()).isEqualTo(DiagnosticCode.TOO_DEEP);
              assertThat(d.line()).isEqualTo(1);
              assertThat(d.column()).isEqualTo(7 + YamlTreeReader.MAX_DEPTH);
            });
  }

  @Test
  void deeplyNestedBlockMappingsStopAtTheDepthLimit() {
    StringBuilder deep = new StringBuilder();
    for (int i = 0; i < 200; i++) {
      deep.append(" ".repeat(i)).append("k").append(i).append(":\n");
    }

    Compilation result = Corpus.compiler().compile("deep.yaml", deep.toString());

    assertThat(result.diagnostics())
        .extracting(Diagnostic::code)
        .containsExactly(DiagnosticCode.TOO_DEEP);
  }

  @Test
  void aliasBombIsRefusedWithAPosition() {
    StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for (char c = 'b'; c <= 'k'; c++) {
      char prev = (char) (c - 1);
      bomb.append(c).append(": &").append(c).append(" [");
      bomb.append(("*" + prev + ", ").repeat(9)).append("*").append(prev).append("]\n");
    }

    Compilation result = Corpus.compiler().compile("bomb.yaml", bomb.toString());

    assertThat(result.ok()).isFalse();
    assertThat(result.diagnostics()).allSatisfy(d -> assertThat(d.line()).isPositive());
  }

  @Test
  void binaryGarbageIsASyntaxError() {
    Compilation result = Corpus.compiler().compile("garbage.yaml", "\u0000\u0001\u0002: [\u0003");

    assertThat(result.ok()).isFalse();
    assertThat(result.diagnostics())
        .extracting(Diagnostic::code)
        .containsExactly(DiagnosticCode.YAML_SYNTAX);
  }
}
