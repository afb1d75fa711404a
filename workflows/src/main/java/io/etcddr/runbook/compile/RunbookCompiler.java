package io.etcddr.runbook.compile;

import io.etcddr.runbook.diagnostics.Diagnostic;
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
import java.util.List;
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
    return compile(read(file, text));
  }

  /**
   * A file read as far as its runbook spec (YAML with positions, then the spec), with the problems
   * reading found. {@link #compile(Read)} goes on from there; a caller that also needs the spec (a
   * folder that is its own library) reads each file once.
   */
  public record Read(String file, String text, List<Diagnostic> found, Optional<RunbookSpec> spec) {

    public Read {
      found = List.copyOf(found);
    }
  }

  public static Read read(String file, String text) {
    Diagnostics diagnostics = new Diagnostics();
    try {
      Optional<YamlNode> root = new YamlTreeReader(file, diagnostics).read(text);
      Optional<RunbookSpec> spec = root.flatMap(r -> new RunbookReader(diagnostics).read(file, r));
      return new Read(file, text, diagnostics.sorted(), spec);
    } catch (RuntimeException e) {
      internal(file, diagnostics, e);
      return new Read(file, text, diagnostics.sorted(), Optional.empty());
    }
  }

  public Compilation compile(Read read) {
    Diagnostics diagnostics = Diagnostics.of(read.found());
    Optional<Plan> plan = Optional.empty();
    try {
      if (read.spec().isPresent()) {
        RunbookSpec spec = read.spec().get();
        Analysis analysis =
            new RunbookValidator(diagnostics, new SourceText(read.file(), read.text()), library)
                .validate(spec);
        if (!diagnostics.hasErrors()) {
          plan = Optional.of(PlanCompiler.compile(spec, analysis, sha256(read.text())));
        }
      }
    } catch (RuntimeException e) {
      internal(read.file(), diagnostics, e);
      plan = Optional.empty();
    }
    return new Compilation(read.file(), plan, diagnostics.sorted());
  }

  /**
   * A bug of ours must still not cost the operator the other diagnostics; the fuzz test fails on
   * any INTERNAL diagnostic, so such bugs do not stay hidden.
   */
  private static void internal(String file, Diagnostics diagnostics, RuntimeException e) {
    diagnostics.error(
        SourceSpan.startOf(file),
        DiagnosticCode.INTERNAL,
        "the compiler failed on this file (" + e.getClass().getSimpleName() + ")",
        "please report it with the file attached");
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
