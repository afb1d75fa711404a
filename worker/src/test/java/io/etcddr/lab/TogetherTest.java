package io.etcddr.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class TogetherTest {

  @Test
  void everyNodesActionRunsAtTheSameTime() throws Exception {
    // Each action waits for the other two: one after another, the first would wait forever.
    CyclicBarrier allThree = new CyclicBarrier(3);
    Together.forEach(
        List.of("master1", "master2", "master3"), node -> allThree.await(30, TimeUnit.SECONDS));
  }

  @Test
  void theFirstFailureIsThrownOnceEveryActionEndedWithTheOthersSuppressedInIt() {
    AtomicBoolean slowOneEnded = new AtomicBoolean();
    assertThatThrownBy(
            () ->
                Together.forEach(
                    List.of("master1", "master2", "master3"),
                    node -> {
                      switch (node) {
                        case "master1" -> throw new IllegalStateException("master1 failed");
                        case "master2" -> {
                          Thread.sleep(300);
                          slowOneEnded.set(true);
                        }
                        default -> throw new java.io.IOException("master3 failed");
                      }
                    }))
        .hasMessage("master1 failed")
        .satisfies(
            e ->
                assertThat(e.getSuppressed())
                    .extracting(Throwable::getMessage)
                    .containsExactly("master3 failed"));
    assertThat(slowOneEnded).as("master2's action ended before the failure was thrown").isTrue();
  }

  @Test
  void stepsInTurnAllRunInOrderAndTheFirstFailureIsThrownWithTheOthersSuppressed() {
    List<String> ran = new java.util.ArrayList<>();
    assertThatThrownBy(
            () ->
                Together.inTurn(
                    List.of(
                        () -> {
                          ran.add("temporal");
                          throw new IllegalStateException("temporal failed");
                        },
                        () -> ran.add("lab"),
                        () -> {
                          ran.add("server");
                          throw new java.io.IOException("server failed");
                        },
                        () -> ran.add("folder"))))
        .hasMessage("temporal failed")
        .satisfies(
            e ->
                assertThat(e.getSuppressed())
                    .extracting(Throwable::getMessage)
                    .containsExactly("server failed"));
    assertThat(ran).containsExactly("temporal", "lab", "server", "folder");
  }
}
