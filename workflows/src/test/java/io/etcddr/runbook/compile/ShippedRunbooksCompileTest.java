package io.etcddr.runbook.compile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.etcddr.contract.PlanJson;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The shipped library and the valid corpus compile cleanly into stable, plain-data plans. */
class ShippedRunbooksCompileTest {

  private static final ObjectMapper JSON = PlanJson.mapper();

  static Stream<Path> validRunbooks() {
    return Stream.concat(Corpus.shipped().stream(), Corpus.valid().stream());
  }

  @Test
  void libraryHoldsTheRunbooksTheProductPromises() {
    assertThat(Corpus.shipped().stream().map(p -> p.getFileName().toString()))
        .contains(
            "add-learner.yaml",
            "failover-to-learner.yaml",
            "learner-drill.yaml",
            "snapshot.yaml",
            "promote-learner.yaml");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validRunbooks")
  void compilesWithoutDiagnostics(Path file) {
    Compilation result = Corpus.compile(file);

    assertThat(result.diagnostics()).isEmpty();
    assertThat(result.plan()).isPresent();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validRunbooks")
  void identicalTextCompilesToAnEqualPlanWithTheSameJson(Path file) throws Exception {
    Plan first = Corpus.compile(file).planOrThrow();
    Plan second = Corpus.compile(file).planOrThrow();

    assertThat(second).isEqualTo(first);
    assertThat(JSON.writeValueAsString(second)).isEqualTo(JSON.writeValueAsString(first));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validRunbooks")
  void planSurvivesAJsonRoundTripUnchanged(Path file) throws Exception {
    Plan plan = Corpus.compile(file).planOrThrow();

    String json = JSON.writeValueAsString(plan);
    Plan back = JSON.readValue(json, Plan.class);

    assertThat(back).isEqualTo(plan);
    assertThat(JSON.writeValueAsString(back)).isEqualTo(json);
  }
}
