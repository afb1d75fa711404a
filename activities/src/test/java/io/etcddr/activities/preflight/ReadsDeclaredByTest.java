package io.etcddr.activities.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import io.etcddr.activities.support.ActivityFailures;
import io.etcddr.contract.Key;
import io.etcddr.contract.Placement;
import io.etcddr.contract.Preflight;
import io.etcddr.contract.PreflightRequest;
import io.etcddr.contract.Step;
import io.etcddr.contract.StepContext;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A step its contract declares read-only is its own preflight; a step that changes is not. */
class ReadsDeclaredByTest {

  @ActivityInterface
  public interface Sample {
    record Ask(@Key("whom") String name) {}

    record Answer(@Key("what they said") String said) {}

    @Step(value = "looks", placement = Placement.WORKER, reads = "look someone up")
    @ActivityMethod(name = "sample.look")
    Answer look(Ask request, StepContext context);

    @Step(value = "changes", placement = Placement.WORKER)
    @ActivityMethod(name = "sample.change")
    Answer change(Ask request, StepContext context);
  }

  static final class SampleImpl implements Sample {
    @Override
    public Answer look(Ask request, StepContext context) {
      if (request.name().equals("nobody")) {
        throw ActivityFailures.badInput("nobody is not in the inventory");
      }
      return new Answer("hello " + request.name());
    }

    @Override
    public Answer change(Ask request, StepContext context) {
      throw new AssertionError("a dry run must never run a step that changes something");
    }
  }

  private static final StepContext CONTEXT = new StepContext("wf", "run", "step", "node", "key");

  private final PreflightTable table = new PreflightTable().readsDeclaredBy(new SampleImpl());

  @Test
  void onlyTheReadOnlyStepIsItsOwnPreflight() {
    assertThat(table.kinds()).containsExactly("sample.look");
  }

  @Test
  void theReadOnlyStepRunsWithTheStepsWithAndGivesItsOutputs() {
    Preflight answer =
        table.answer(
            new PreflightRequest("sample.look", Map.of("name", "ada"), List.of()), CONTEXT);

    assertThat(answer.readiness()).isEqualTo(Preflight.Readiness.READY);
    assertThat(answer.would()).isEqualTo("look someone up");
    assertThat(answer.outputs()).containsEntry("said", "hello ada");
  }

  @Test
  void itsRefusalIsTheStepsNotReadyWithTheActivitysOwnWords() {
    Preflight answer =
        table.answer(
            new PreflightRequest("sample.look", Map.of("name", "nobody"), List.of()), CONTEXT);

    assertThat(answer.readiness()).isEqualTo(Preflight.Readiness.NOT_READY);
    assertThat(answer.why()).isEqualTo("nobody is not in the inventory");
  }
}
