package io.etcddr.activities;

import static org.assertj.core.api.Assertions.assertThat;

import io.etcddr.activities.inventory.ClusterInventory;
import io.etcddr.activities.preflight.PreflightActivitiesImpl;
import io.etcddr.activities.record.ClusterRecords;
import io.etcddr.contract.CertIssueParts;
import io.etcddr.contract.Placement;
import io.etcddr.runbook.catalog.ActivityCatalog;
import io.etcddr.runbook.catalog.ActivityDefinition;
import io.etcddr.runbook.catalog.Field;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * Every registered activity is a catalog entry, registered where the catalog says it runs, takes
 * the interpreter's two arguments (the step's `with:` and its context), and its request and
 * response records have exactly the catalog's inputs and outputs: the data converter ignores
 * unknown fields, so a renamed component would otherwise arrive as null without a word.
 */
class ActivitySetMatchesCatalogTest {

  private static final ClusterInventory INVENTORY =
      new ClusterInventory(java.nio.file.Path.of("clusters"));

  /** Composite steps the interpreter runs itself: their parts carry the step's contract. */
  private static final Map<String, Class<?>[]> COMPOSITES =
      Map.of(
          "cert.issue",
          new Class<?>[] {CertIssueParts.IssueRequest.class, CertIssueParts.Issued.class});

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

  @Test
  void requestAndResponseRecordsHaveTheCatalogsFields() {
    SoftAssertions soft = new SoftAssertions();
    for (Method method : methods(all())) {
      String name = method.getAnnotation(ActivityMethod.class).name();
      ActivityCatalog.find(name)
          .ifPresent(
              entry -> {
                assertFields(
                    soft, name + " request", method.getParameterTypes()[0], entry.inputs());
                assertFields(soft, name + " response", method.getReturnType(), entry.outputs());
              });
    }
    COMPOSITES.forEach(
        (name, records) -> {
          ActivityDefinition entry = ActivityCatalog.find(name).orElseThrow();
          assertFields(soft, name + " request", records[0], entry.inputs());
          assertFields(soft, name + " response", records[1], entry.outputs());
        });
    soft.assertAll();
  }

  /** A record's components are the catalog's fields; a map or nothing means no declared field. */
  private static void assertFields(
      SoftAssertions soft, String what, Class<?> type, List<Field> declared) {
    List<String> names = declared.stream().map(Field::name).toList();
    if (!type.isRecord()) {
      soft.assertThat(names)
          .as("%s is a %s, so the catalog may declare no field", what, type.getSimpleName())
          .isEmpty();
      return;
    }
    soft.assertThat(Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName))
        .as("%s (%s) against the catalog", what, type.getName())
        .containsExactlyInAnyOrderElementsOf(names);
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
