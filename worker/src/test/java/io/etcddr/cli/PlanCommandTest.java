package io.etcddr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * `etcd-dr plan`: each shipped runbook's table matches its golden file (src/test/resources/plans:
 * NAME.args holds the --set arguments, NAME.txt the expected output); inputs are checked.
 */
class PlanCommandTest {

  private static final Path GOLDEN = Path.of("src", "test", "resources", "plans");
  private static final String FAILOVER = "../runbooks/failover-to-learner.yaml";

  static Stream<String> shippedRunbooks() throws Exception {
    try (Stream<Path> files = Files.list(GOLDEN)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".args"))
          .map(n -> n.replace(".args", ""))
          .sorted()
          .toList()
          .stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shippedRunbooks")
  void planTableMatchesGoldenFile(String runbook) throws Exception {
    List<String> args = new ArrayList<>(List.of("plan", "../runbooks/" + runbook + ".yaml"));
    Files.readAllLines(GOLDEN.resolve(runbook + ".args")).stream()
        .filter(l -> !l.isBlank())
        .forEach(l -> args.addAll(List.of("--set", l.trim())));

    CliRun run = CliRun.of(args.toArray(String[]::new));

    assertThat(run.err()).isEmpty();
    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .isEqualTo(Files.readString(GOLDEN.resolve(runbook + ".txt"), StandardCharsets.UTF_8));
  }

  @Test
  void everyShippedRunbookHasAGoldenPlan() throws Exception {
    try (Stream<Path> files = Files.list(Path.of("..", "runbooks"))) {
      List<String> shipped =
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".yaml"))
              .map(n -> n.replace(".yaml", ""))
              .toList();
      assertThat(shippedRunbooks().toList()).containsExactlyInAnyOrderElementsOf(shipped);
    }
  }

  @Test
  void jsonHoldsThePlanAndTheBoundInputs() throws Exception {
    CliRun run =
        CliRun.of("plan", FAILOVER, "--set", "cluster=lab", "--set", "learner=node1", "--json");

    JsonNode json = new ObjectMapper().readTree(run.out());
    assertThat(run.exitCode()).isZero();
    assertThat(json.at("/plan/runbook").asText()).isEqualTo("failover-to-learner");
    assertThat(json.at("/plan/steps/0/timeout").asText()).isEqualTo("PT30S");
    assertThat(json.at("/inputs/force").asBoolean()).isFalse();
    assertThat(json.at("/inputs/survivors").isArray()).isTrue();
  }

  @Test
  void unknownInputIsBadUsageWithASuggestion() {
    CliRun run = CliRun.of("plan", FAILOVER, "--set", "cluster=lab", "--set", "lerner=node1");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().strip())
        .isEqualTo("etcd-dr: unknown input `lerner`: did you mean `learner`?");
  }

  @Test
  void illTypedInputIsBadUsage() {
    CliRun run =
        CliRun.of(
            "plan", FAILOVER, "--set", "cluster=lab", "--set", "learner=n", "--set", "force=maybe");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().strip())
        .isEqualTo("etcd-dr: input `force` must be true or false, not `maybe`");
  }

  @Test
  void missingRequiredInputIsBadUsage() {
    CliRun run = CliRun.of("plan", FAILOVER, "--set", "cluster=lab");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().strip())
        .isEqualTo("etcd-dr: input `learner` (node) is required: give it with --set learner=VALUE");
  }

  @Test
  void invalidRunbookExitsOneWithItsDiagnostics() {
    CliRun run =
        CliRun.of("plan", "../workflows/src/test/resources/runbooks/invalid/needs-cycle.yaml");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("error[RB035]: `needs` forms a cycle: a → c → b → a");
  }
}
