package io.etcddr.runbook.compile;

import io.etcddr.runbook.model.RunbookLibrary;

/**
 * Compiles one small runbook on a thread of its own, for a short-lived JVM that is about to compile
 * runbooks: while its main thread still parses the command line, the second core initialises the
 * compiler's classes (the activity catalog, YAML, CEL) and brings its code past the interpreter.
 * Worth ~50 ms of a cold `etcd-dr validate` (docs/performance.md, "CLI start"). The result is
 * thrown away; a failure here only costs the time it would have saved.
 */
public final class CompilerWarmUp {

  /** Every phase once: inputs, a fan-out, a condition CEL checks, templates, outputs. */
  static final String RUNBOOK =
      """
      apiVersion: etcd-dr/v1
      kind: Runbook
      metadata:
        name: warm-up
      inputs:
        nodes: { type: list<node>, required: true }
        webhook: { type: string, default: "" }
      steps:
        - id: clocks
          uses: host.clock
          on: "${{ inputs.nodes }}"
          timeout: 10s
        - id: report
          if: "${{ inputs.webhook != '' && size(inputs.nodes) > 0 }}"
          uses: notify.webhook
          with:
            url: "${{ inputs.webhook }}"
            message: { nodes: "${{ inputs.nodes }}", readings: "${{ steps.clocks.outputs }}" }
      outputs:
        readings: "${{ steps.clocks.outputs }}"
      """;

  private CompilerWarmUp() {}

  /** Starts the warm-up on a daemon thread: it never holds the JVM open, nor prints. */
  public static void start() {
    Thread thread = new Thread(CompilerWarmUp::compileQuietly, "compiler-warm-up");
    thread.setDaemon(true);
    thread.start();
  }

  private static void compileQuietly() {
    try {
      compile();
    } catch (RuntimeException e) {
      // The command's own compile meets and reports any real problem of the compiler.
    }
  }

  static Compilation compile() {
    return new RunbookCompiler(RunbookLibrary.EMPTY).compile("warm-up", RUNBOOK);
  }
}
