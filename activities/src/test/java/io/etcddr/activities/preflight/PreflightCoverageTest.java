package io.etcddr.activities.preflight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.etcddr.activities.ActivitySet;
import io.etcddr.activities.AgentEnvironment;
import io.etcddr.activities.inventory.ClusterInventory;
import io.etcddr.activities.record.ClusterRecords;
import io.etcddr.contract.CompositeKind;
import io.etcddr.contract.Placement;
import io.etcddr.contract.StepContext;
import io.etcddr.runbook.catalog.ActivityCatalog;
import io.etcddr.runbook.catalog.ActivityDefinition;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every activity kind of the catalog has a dry-run preflight where it runs, and a process refuses
 * an activity without one: a kind added without its preflight fails this build.
 */
class PreflightCoverageTest {

  private static final ClusterInventory INVENTORY = new ClusterInventory(Path.of("clusters"));

  @Test
  void everyCatalogKindHasAPreflightWhereItRuns() {
    Set<String> worker = preflights(ActivitySet.forWorker(INVENTORY, ClusterRecords.none()));
    Set<String> agent =
        preflights(
            ActivitySet.forAgent(
                "node1", AgentEnvironment.host(), INVENTORY, ClusterRecords.none()));
    Set<String> missing = new TreeSet<>();
    for (String name : ActivityCatalog.names()) {
      ActivityDefinition entry = ActivityCatalog.find(name).orElseThrow();
      if (entry.asComposite().map(c -> c.kind() == CompositeKind.EACH_NODE_ANSWERS).orElse(false)) {
        continue; // the dry run asks each node's agent, as the run would: nothing to preflight
      }
      Placement placement = entry.placement();
      if (!(placement == Placement.WORKER ? worker : agent).contains(name)) {
        missing.add(name + " (" + placement + ")");
      }
    }
    assertThat(missing).as("catalog kinds without a preflight").isEmpty();
  }

  @Test
  void aCertificateSignedOnTheCaNodeIsAskedThereToo() {
    Set<String> agent =
        preflights(
            ActivitySet.forAgent(
                "node1", AgentEnvironment.host(), INVENTORY, ClusterRecords.none()));
    for (ActivityDefinition entry : ActivityCatalog.entries()) {
      entry
          .asComposite()
          .filter(c -> c.kind() == CompositeKind.SIGNED_ON_CA_NODE)
          .ifPresent(c -> assertThat(agent).as(entry.name() + "'s signing").contains(c.part(1)));
    }
  }

  @Test
  void aProcessRefusesAnActivityWithoutAPreflight() {
    assertThatThrownBy(() -> PreflightActivitiesImpl.covering(List.of(new Unprepared())))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no preflight for host.clock");
  }

  private static Set<String> preflights(List<Object> activities) {
    return activities.stream()
        .filter(PreflightActivitiesImpl.class::isInstance)
        .map(PreflightActivitiesImpl.class::cast)
        .findFirst()
        .orElseThrow()
        .kinds();
  }

  @ActivityInterface
  interface Clocked {
    @ActivityMethod(name = "host.clock")
    Object clock(Object with, StepContext context);
  }

  /** An activity that forgot its preflight. */
  static final class Unprepared implements Clocked {
    @Override
    public Object clock(Object with, StepContext context) {
      return null;
    }
  }
}
