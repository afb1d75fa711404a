package io.etcddr.runs;

import io.etcddr.activities.inventory.InputCheck;
import io.etcddr.activities.record.ClusterRecords;
import io.etcddr.contract.cluster.ClusterRecord;
import io.etcddr.contract.cluster.Generation;
import io.etcddr.contract.cluster.Incident;
import io.etcddr.runbook.compile.Plan;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

/**
 * One alert incident gets one run, running or ended. An incident is a runbook, a cluster, the
 * alert's fingerprint and its startsAt: Alertmanager repeats a firing alert with both unchanged
 * until it resolves, so every repeat is answered with the run the first one got and its outcome. An
 * alert that began before the cluster's current generation was made by a run is about the cluster
 * that run replaced: it starts nothing. A new incident (the alert resolved and fired again, with a
 * new startsAt) may start a run again.
 */
public final class Incidents {

  /** What to do with a firing alert routed to a runbook. */
  public sealed interface Decision {}

  /** The incident has its run already. */
  public record Known(Incident incident, String outcome) implements Decision {}

  /** The cluster failed over after the alert began: nothing to start. */
  public record AlreadyFailedOver(Generation generation) implements Decision {
    public String reason() {
      return "already failed over to generation "
          + generation.number()
          + " by run "
          + generation.workflowId()
          + " (cluster ID "
          + generation.clusterId()
          + ")";
    }
  }

  /** A new incident: start (or attach to) the run, then record it. */
  public record New(String cluster) implements Decision {}

  /** How many recorded incidents a process remembers (the oldest is forgotten first). */
  private static final int REMEMBERED = 10_000;

  /** A run's outcome as people read it (running, completed, failed...), or "unknown". */
  @FunctionalInterface
  public interface Outcomes {
    String outcome(String workflowId, String runId);
  }

  private final ClusterRecords records;
  private final Outcomes runs;

  /**
   * Incidents recorded or seen, by cluster and incident key. A recorded incident never changes (one
   * incident, one run), so a repeat of the alert needs only its run's outcome, not a query of the
   * cluster's record (a workflow task on the worker each time).
   */
  private final Map<String, Incident> remembered =
      java.util.Collections.synchronizedMap(
          new java.util.LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Incident> eldest) {
              return size() > REMEMBERED;
            }
          });

  /**
   * @param runs where a known incident's run outcome comes from ({@link RunControl#outcome})
   */
  public Incidents(ClusterRecords records, Outcomes runs) {
    this.records = records;
    this.runs = runs;
  }

  public Decision decide(
      Plan plan, Map<String, Object> inputs, String fingerprint, String startsAt) {
    Object cluster = inputs.get(InputCheck.CLUSTER_INPUT);
    if (!(cluster instanceof String name) || name.isBlank()) {
      return new New(null);
    }
    String key = key(plan, fingerprint, startsAt);
    Incident seen = remembered.get(name + "/" + key);
    if (seen != null) {
      String outcome = runs.outcome(seen.workflowId(), seen.runId());
      if (!outcome.equals("unknown")) {
        return new Known(seen, outcome);
      }
      remembered.remove(name + "/" + key); // not on this Temporal (any more): ask the record
    }
    Optional<ClusterRecord> record = records.find(name);
    if (record.isEmpty()) {
      return new New(name);
    }
    Optional<Incident> known = record.get().incident(key);
    if (known.isPresent()) {
      remembered.put(name + "/" + key, known.get());
      return new Known(known.get(), runs.outcome(known.get().workflowId(), known.get().runId()));
    }
    Optional<Generation> current = record.get().current();
    Optional<Instant> began = instant(startsAt);
    if (current.isPresent()
        && current.get().workflowId() != null
        && began.isPresent()
        && current.get().madeAt() > began.get().toEpochMilli()) {
      return new AlreadyFailedOver(current.get());
    }
    return new New(name);
  }

  /** Records the run a new incident got; a concurrent first notification may have won: its run. */
  public Incident record(
      String cluster, Plan plan, String fingerprint, String startsAt, RunStarter.Started started) {
    Incident recorded =
        records.recordIncident(
            cluster,
            new Incident(
                plan.runbook(), fingerprint, startsAt, started.workflowId(), started.runId(), 0));
    remembered.put(cluster + "/" + key(plan, fingerprint, startsAt), recorded);
    return recorded;
  }

  private static String key(Plan plan, String fingerprint, String startsAt) {
    return new Incident(plan.runbook(), fingerprint, startsAt, null, null, 0).key();
  }

  private static Optional<Instant> instant(String text) {
    try {
      return text == null ? Optional.empty() : Optional.of(Instant.parse(text));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
