package io.etcddr.runbook.compile;

import io.etcddr.runbook.diagnostics.DiagnosticCode;
import io.etcddr.runbook.diagnostics.Diagnostics;
import io.etcddr.runbook.diagnostics.SourceSpan;
import io.etcddr.runbook.model.RunbookLibrary;
import io.etcddr.runbook.model.RunbookSpec;
import io.etcddr.runbook.read.RunbookReader;
import io.etcddr.runbook.validate.Analysis;
import io.etcddr.runbook.validate.RunbookValidator;
import io.etcddr.runbook.yaml.SourceText;
import io.etcddr.runbook.yaml.YamlNode;
import io.etcddr.runbook.yaml.YamlTreeReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The runbook pipeline: YAML text → tree with positions → {@link RunbookSpec} → validation → {@link
 * Plan}. Never throws on bad input; every problem is a diagnostic.
 */
public final class RunbookCompiler {

  private final RunbookLibrary library;

  public RunbookCompiler(RunbookLibrary library) {
    this.library = library;
  }

  public Compilation compile(String file, String text) {
    Diagnostics diagnostics = new Diagnostics();
    Optional<Plan> plan = Optional.empty();
    try {
      Optional<YamlNode> root = new YamlTreeReader(file, diagnostics).read(text);
      Optional<RunbookSpec> spec = root.flatMap(r -> new RunbookReader(diagnostics).read(file, r));
      if (spec.isPresent()) {
        Analysis analysis =
            new RunbookValidator(diagnostics, new SourceText(file, text), library)
                .validate(spec.get());
        if (!diagnostics.hasErrors()) {
          plan = Optional.of(PlanCompiler.compile(spec.get(), analysis, sha256(text)));
        }
      }
    } catch (RuntimeException e) {
      // A bug of ours must still not cost the operator the other diagnostics; the fuzz test
      // fails on any INTERNAL diagnostic, so such bugs do not stay hidden.
      diagnostics.error(
          SourceSpan.startOf(file),
          DiagnosticCode.INTERNAL,
          "the compiler failed on this file (" + e.getClass().getSimpleName() + ")",
          "please report it with the file attached");
      plan = Optional.empty();
    }
    return new Compilation(file, plan, diagnostics.sorted());
  }

  static String sha256(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
