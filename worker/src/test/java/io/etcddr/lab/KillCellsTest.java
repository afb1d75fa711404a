package io.etcddr.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The full suite runs the same kill matrix cells every day, one of each kind of kill. */
class KillCellsTest {

  @Test
  void suiteSliceHasOneCellOfEachKindOfKill() {
    assertThat(KillCells.selected(null))
        .extracting(KillCells::kind)
        .containsExactlyInAnyOrder(
            "worker killed mid-step", "agent held at a failpoint", "agent killed at its source");
  }

  @Test
  void suiteSliceDoesNotDependOnAnythingButTheCode() {
    assertThat(KillCells.selected("")).isEqualTo(KillCells.selected(null));
    assertThat(KillCells.selected(String.join(",", KillCells.SUITE_SLICE)))
        .isEqualTo(KillCells.selected(null));
  }

  @Test
  void allRunsEveryCellAndAnUnknownNameListsTheCells() {
    assertThat(KillCells.selected("all")).hasSize(25);
    assertThatThrownBy(() -> KillCells.selected("worker@nowhere"))
        .hasMessageContaining("no kill matrix cell `worker@nowhere`")
        .hasMessageContaining("node1@copy:after");
  }
}
