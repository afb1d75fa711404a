package io.etcddr.runbook.compile;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The warm-up must go the whole way a valid runbook goes, not stop at its first error. */
class CompilerWarmUpTest {

  @Test
  void theWarmUpRunbookCompilesToAPlan() {
    Compilation compilation = CompilerWarmUp.compile();

    assertThat(compilation.diagnostics()).isEmpty();
    assertThat(compilation.plan()).isPresent();
  }
}
