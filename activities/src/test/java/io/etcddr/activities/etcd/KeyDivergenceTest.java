package io.etcddr.activities.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import io.etcddr.contract.cluster.Divergence;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The judgement by revisions alone: the new generation was restored at revision 100 (bumped to
 * 1,000,000,100), the old cluster went on to revision 110, the new one took writes of its own.
 */
class KeyDivergenceTest {

  private static final long FROM = 100;
  private static final long BUMPED = 1_000_000_100L;

  @Test
  void reportsWhatTheOldClusterWroteAfterTheRestoredRevisionAndNothingElse() {
    List<KeyPages.Entry> old =
        List.of(
            entry("/a/created", 105, 105),
            entry("/a/untouched", 10, 50),
            entry("/a/updated", 20, 107),
            entry("/a/recreated", 108, 108), // deleted and created again after 100
            entry("/a/deleted-on-new", 30, 40));
    List<KeyPages.Entry> current =
        List.of(
            entry("/a/deleted-on-old", 60, 60),
            entry("/a/new-after-failover", BUMPED + 3, BUMPED + 3),
            entry("/a/recreated", 70, 70),
            entry("/a/untouched", 10, BUMPED + 5), // the new cluster changed it since: no loss
            entry("/a/updated", 20, 90));

    KeyDivergence.Found found =
        KeyDivergence.compare(sorted(old).iterator(), sorted(current).iterator(), FROM, 110);

    assertThat(found.created().first()).containsExactly("/a/created");
    assertThat(found.changed().first()).containsExactly("/a/recreated", "/a/updated");
    assertThat(found.deleted().first()).containsExactly("/a/deleted-on-old");
    assertThat(found.oldRevision()).isEqualTo(110);
  }

  @Test
  void countsEveryKeyButNamesTheFirstHundred() {
    List<KeyPages.Entry> old = new ArrayList<>();
    for (int i = 0; i < 250; i++) {
      old.add(entry(String.format("/k/%03d", i), 101 + i, 101 + i));
    }
    KeyDivergence.Found found =
        KeyDivergence.compare(old.iterator(), List.<KeyPages.Entry>of().iterator(), FROM, 400);
    assertThat(found.created().count()).isEqualTo(250);
    assertThat(found.created().first()).hasSize(Divergence.NAMES_KEPT).startsWith("/k/000");
    assertThat(found.changed().count()).isZero();
    assertThat(found.deleted().count()).isZero();
  }

  @Test
  void identicalSidesDivergeInNothing() {
    List<KeyPages.Entry> both = List.of(entry("/x", 1, 99), entry("/y", 2, 100));
    KeyDivergence.Found found = KeyDivergence.compare(both.iterator(), both.iterator(), FROM, 100);
    assertThat(found.created().count() + found.changed().count() + found.deleted().count())
        .isZero();
  }

  private static List<KeyPages.Entry> sorted(List<KeyPages.Entry> entries) {
    List<KeyPages.Entry> copy = new ArrayList<>(entries);
    copy.sort((a, b) -> java.util.Arrays.compareUnsigned(a.key(), b.key()));
    return copy;
  }

  private static KeyPages.Entry entry(String key, long created, long modified) {
    return new KeyPages.Entry(key.getBytes(StandardCharsets.UTF_8), created, modified);
  }
}
