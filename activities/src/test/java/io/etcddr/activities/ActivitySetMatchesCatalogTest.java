package io.etcddr.activities;

import static org.assertj.core.api.Assertions.assertThat;

import io.etcddr.activities.inventory.ClusterInventory;
import io.etcddr.runbook.catalog.ActivityCatalog;
import io.etcddr.runbook.catalog.ActivityDefinition;
import io.etcddr.runbook.catalog.Placement;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every registered activity is a catalog entry, registered where the catalog says it runs, and
 * takes the interpreter's two arguments (the step's `with:` and its context).
 */
class ActivitySetMatchesCatalogTest {

  private static final ClusterInventory INVENTORY =
      new ClusterInventory(java.nio.file.Path.of("clusters"));

  @Test
  void workerActivitiesAreWorkerPlacedCatalogEntries() {
    assertThat(names(ActivitySet.forWorker(INVENTORY)))
        .isNotEmpty()
        .allSatisfy(n -> assertThat(placement(n)).isEqualTo(Placement.WORKER));
  }

  @Test
  void agentActivitiesAreNodePlacedCatalogEntries() {
    assertThat(names(ActivitySet.forAgent(AgentEnvironment.host(), INVENTORY)))
        .isNotEmpty()
        .allSatisfy(n -> assertThat(placement(n)).isIn(Placement.NODE, Placement.DEPLOY_NODE));
  }

  @Test
  void everyActivityMethodTakesWithAndContext() {
    assertThat(methods(all())).allSatisfy(m -> assertThat(m.getParameterCount()).isEqualTo(2));
  }

  @Test
  void everyCatalogEntryIsImplemented() {
    Set<String> implemented = new HashSet<>();
    names(all()).forEach(n -> implemented.add(entryOf(n)));
    Set<String> missing = new HashSet<>(ActivityCatalog.names());
    missing.removeAll(implemented);

    assertThat(missing).isEmpty();
  }

  private static List<Object> all() {
    List<Object> all = new ArrayList<>(ActivitySet.forWorker(INVENTORY));
    all.addAll(ActivitySet.forAgent(AgentEnvironment.host(), INVENTORY));
    return all;
  }

  private static String entryOf(String name) {
    return ActivityCatalog.find(name).isPresent() ? name : name.substring(0, name.lastIndexOf('.'));
  }

  /** A part of a composite step (`cert.issue.sign`) is placed as its step (`cert.issue`). */
  private static Placement placement(String name) {
    String entry =
        ActivityCatalog.find(name).isPresent() ? name : name.substring(0, name.lastIndexOf('.'));
    return ActivityCatalog.find(entry)
        .map(ActivityDefinition::placement)
        .orElseThrow(() -> new AssertionError(name + " is not in the activity catalog"));
  }

  private static List<String> names(List<Object> implementations) {
    return methods(implementations).stream()
        .map(m -> m.getAnnotation(ActivityMethod.class).name())
        .toList();
  }

  private static List<Method> methods(List<Object> implementations) {
    return implementations.stream()
        .flatMap(i -> Arrays.stream(i.getClass().getInterfaces()))
        .filter(c -> c.isAnnotationPresent(ActivityInterface.class))
        .flatMap(c -> Arrays.stream(c.getMethods()))
        .filter(m -> m.isAnnotationPresent(ActivityMethod.class))
        .toList();
  }
}
