package io.etcddr.runbook.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.etcddr.runbook.compile.Compilation;
import io.etcddr.runbook.compile.Corpus;
import io.etcddr.runbook.diagnostics.Diagnostic;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The checked-in JSON Schema is the generated one, accepts every valid runbook, and agrees with the
 * compiler on the invalid corpus wherever the problem is one a schema can see.
 */
class RunbookSchemaTest {

  private static final Path CHECKED_IN = Path.of("..").resolve(RunbookSchema.RELATIVE_PATH);
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static JsonSchema schema;

  @BeforeAll
  static void loadCheckedInSchema() throws Exception {
    JsonNode tree = new ObjectMapper().readTree(Corpus.read(CHECKED_IN));
    schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(tree);
  }

  static Stream<Path> validRunbooks() {
    return Stream.concat(Corpus.shipped().stream(), Corpus.valid().stream());
  }

  static Stream<Path> invalidRunbooks() {
    return Corpus.invalid().stream();
  }

  @Test
  void checkedInSchemaIsTheGeneratedOne() {
    assertThat(Corpus.read(CHECKED_IN))
        .as(
            "runbook.schema.json is stale: run `bin/etcd-dr schema --write %s`",
            RunbookSchema.RELATIVE_PATH)
        .isEqualTo(RunbookSchema.generate());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validRunbooks")
  void acceptsEveryValidRunbook(Path file) throws Exception {
    Set<ValidationMessage> errors = schema.validate(YAML.readTree(Corpus.read(file)));

    assertThat(errors).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidRunbooks")
  void rejectsWhatTheCompilerCallsStructural(Path file) {
    Compilation compiled = Corpus.compile(file);
    boolean structural =
        compiled.diagnostics().stream().map(Diagnostic::code).anyMatch(c -> c.structural());

    if (structural) {
      assertThat(schemaAccepts(file)).as("the schema must reject %s too", file).isFalse();
    }
    assertThat(compiled.ok()).isFalse();
  }

  private static boolean schemaAccepts(Path file) {
    try {
      JsonNode tree = YAML.readTree(Corpus.read(file));
      return tree != null && !tree.isMissingNode() && schema.validate(tree).isEmpty();
    } catch (Exception unreadable) {
      return false; // YAML that cannot be read is rejected by any schema-aware editor
    }
  }
}
