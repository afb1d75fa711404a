package io.etcddr.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.etcddr.contract.EngineDataConverter;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Histories of representative runs, recorded with an earlier version of the interpreter and checked
 * in (src/test/resources/histories, NAME-vN.json), must replay with today's code: a change that
 * breaks replay of running workflows fails the build. Fresh runs are replayed too.
 *
 * <p>To record new histories after a deliberate, versioned change: {@code mvn test
 * -Dtest=ReplayDeterminismTest -Dhistories.record=v2}.
 */
class ReplayDeterminismTest {

  static final Path HISTORIES = Path.of("src", "test", "resources", "histories");

  static Stream<Path> checkedInHistories() throws Exception {
    try (Stream<Path> files = Files.list(HISTORIES)) {
      return files.filter(f -> f.toString().endsWith(".json")).sorted().toList().stream();
    }
  }

  static Stream<String> representativeRuns() {
    return RepresentativeRuns.ALL.keySet().stream().sorted();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("checkedInHistories")
  void checkedInHistoryReplays(Path file) throws Exception {
    String name = file.getFileName().toString().replaceFirst("-v\\d+\\.json$", "");
    WorkflowExecutionHistory history =
        WorkflowExecutionHistory.fromJson(
            Files.readString(file, StandardCharsets.UTF_8),
            RepresentativeRuns.WORKFLOW_IDS.get(name));

    try (TestWorkflowEnvironment env = replayEnvironment()) {
      WorkflowReplayer.replayWorkflowExecution(history, env, RunbookWorkflowImpl.class);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("representativeRuns")
  void freshRunReplays(String name) throws Exception {
    WorkflowExecutionHistory history;
    try (EngineHarness harness = new EngineHarness(RepresentativeRuns.NODES)) {
      WorkflowStub run = RepresentativeRuns.ALL.get(name).apply(harness);
      history = harness.client.fetchHistory(run.getExecution().getWorkflowId());
    }
    String version = System.getProperty("histories.record");
    if (version != null) {
      Files.writeString(HISTORIES.resolve(name + "-" + version + ".json"), history.toJson(true));
    }
    assertThat(history.getEvents()).hasSizeGreaterThan(5);

    try (TestWorkflowEnvironment env = replayEnvironment()) {
      WorkflowReplayer.replayWorkflowExecution(history, env, RunbookWorkflowImpl.class);
    }
  }

  static TestWorkflowEnvironment replayEnvironment() {
    return TestWorkflowEnvironment.newInstance(
        TestEnvironmentOptions.newBuilder()
            .setWorkflowClientOptions(
                WorkflowClientOptions.newBuilder()
                    .setDataConverter(EngineDataConverter.create())
                    .build())
            .build());
  }
}
