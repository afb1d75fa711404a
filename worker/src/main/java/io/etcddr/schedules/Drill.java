package io.etcddr.schedules;

import io.etcddr.engine.RunRequest;
import io.etcddr.runbook.compile.Plan;
import io.etcddr.runs.LibraryPlans;
import io.etcddr.runs.RunStarter;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A runbook's `schedule:` as something to put on a Temporal server: one per runbook and input set,
 * with an id derived from them ({@code scheduled/learner-drill/prod-a}), so applying the library
 * again updates it instead of adding a second one. {@code jitter}: how far the server may delay
 * each firing at random (zero: none).
 *
 * <p>Scheduled runs name the runbook rather than carry its compiled plan: each run uses the
 * worker's library as it is that night, as a run started from the Web UI does.
 */
public record Drill(
    String id, String runbook, String cron, Duration jitter, Map<String, Object> inputs) {

  public static final String ID_PREFIX = "scheduled/";

  public static Drill of(Plan plan) {
    Map<String, Object> inputs = plan.schedule().inputs();
    return new Drill(
        ID_PREFIX + RunStarter.workflowId(plan.runbook(), inputs),
        plan.runbook(),
        plan.schedule().cron(),
        plan.schedule().jitter(),
        inputs);
  }

  /** The drills of a library: its runbooks that have a `schedule:`, by id. */
  public static List<Drill> in(LibraryPlans library) {
    return library.plans().stream().filter(p -> p.schedule() != null).map(Drill::of).toList();
  }

  /** What each scheduled run starts with. */
  public RunRequest request() {
    return new RunRequest(runbook, null, inputs, null);
  }

  /** The id each run's workflow id starts with (the Schedules API appends the time). */
  public String workflowId() {
    return RunStarter.workflowId(runbook, inputs);
  }
}
