package io.etcddr.activities;

import static org.assertj.core.api.Assertions.assertThat;

import io.etcddr.activities.inventory.ClusterInventory;
import io.etcddr.activities.preflight.PreflightActivitiesImpl;
import io.etcddr.activities.record.ClusterRecords;
import io.etcddr.contract.Placement;
import io.etcddr.runbook.catalog.ActivityCatalog;
import io.etcddr.runbook.catalog.ActivityDefinition;
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
 * takes the interpreter's two arguments (the step's `with:` and its context). Its fields need no
 * check here: the catalog reads them from the very records the activity takes and returns.
 */
class ActivitySetMatchesCatalogTest {

  private static final ClusterInventory INVENTORY =
      new ClusterInventory(java.nio.file.Path.of("clusters"));

  @Test
  void workerActivitiesAreWorkerPlacedCatalogEntries() {
    assertThat(names(worker()))
        .isNotEmpty()
        .allSatisfy(n -> assertThat(placement(n)).isEqualTo(Placement.WORKER));
  }

  @Test
  void agentActivitiesAreNodePlacedCatalogEntries() {
    assertThat(names(agent()))
        .isNotEmpty()
        .allSatisfy(
            n ->
                assertThat(placement(n))
                    .isIn(Placement.NODE, Placement.DEPLOY_NODE, Placement.CA_NODE));
  }

  @Test
  void everyActivityMethodTakesWithAndContext() {
    assertThat(methods(all())).allSatisfy(m -> assertThat(m.getParameterCount()).isEqualTo(2));
  }

  @Test
  void everyCatalogEntryIsImplemented() {
    Set<String> registered = new HashSet<>(names(all()));
    Set<String> missing = new HashSet<>();
    for (ActivityDefinition entry : ActivityCatalog.entries()) {
      // a composite is run by the interpreter: its parts are what must be registered
      List<String> needed = entry.asComposite().map(c -> c.parts()).orElse(List.of(entry.name()));
      needed.stream().filter(n -> !registered.contains(n)).forEach(missing::add);
    }

    assertThat(missing).isEmpty();
  }

  private static List<Object> worker() {
    return ActivitySet.forWorker(INVENTORY, ClusterRecords.none());
  }

  private static List<Object> agent() {
    return ActivitySet.forAgent("node1", AgentEnvironment.host(), INVENTORY, ClusterRecords.none());
  }

  private static List<Object> all() {
    List<Object> all = new ArrayList<>(worker());
    all.addAll(agent());
    return all;
  }

  private static String entryOf(String name) {
    return ActivityCatalog.find(name).isPresent() ? name : name.substring(0, name.lastIndexOf('.'));
  }

  /** A part of a composite step (`cert.issue.sign`) is placed as its step (`cert.issue`). */
  private static Placement placement(String name) {
    return ActivityCatalog.find(entryOf(name))
        .map(ActivityDefinition::placement)
        .orElseThrow(() -> new AssertionError(name + " is not in the activity catalog"));
  }

  private static List<String> names(List<Object> implementations) {
    return methods(implementations).stream()
        .map(m -> m.getAnnotation(ActivityMethod.class).name())
        .toList();
  }

  /** The step activities; the dry run's preflight activity, on every process, is not one. */
  private static List<Method> methods(List<Object> implementations) {
    return implementations.stream()
        .filter(i -> !(i instanceof PreflightActivitiesImpl))
        .flatMap(i -> Arrays.stream(i.getClass().getInterfaces()))
        .filter(c -> c.isAnnotationPresent(ActivityInterface.class))
        .flatMap(c -> Arrays.stream(c.getMethods()))
        .filter(m -> m.isAnnotationPresent(ActivityMethod.class))
        .toList();
  }
}
