package io.etcddr.console;

import static io.etcddr.console.Html.escape;

import io.etcddr.activities.inventory.Cluster;
import io.etcddr.doctor.Check;
import io.etcddr.doctor.Readiness;
import io.etcddr.engine.RunState;
import io.etcddr.engine.RunStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Whether the cluster is ready for a DR, from its last runs: the doctor's verdicts (agents, quorum,
 * learner, drill, certificates, clocks, CA key, rke) and how old the last offsite snapshot is.
 */
final class ReadinessSection {

  private ReadinessSection() {}

  static String render(Cluster cluster, List<RunsSection.Run> runs, long now) {
    StringBuilder out = new StringBuilder();
    Optional<RunStatus> doctor = ended(runs, "doctor");
    if (doctor.isEmpty()) {
      out.append("<p class=muted>No doctor run yet (etcd-dr doctor --cluster ")
          .append(escape(cluster.name()))
          .append(").</p>");
    } else {
      List<Check> checks =
          Readiness.of(
              cluster, doctor.get(), ended(runs, "learner-drill"), Instant.ofEpochMilli(now));
      long notReady = checks.stream().filter(c -> c.verdict() == Check.Verdict.NOT_READY).count();
      out.append("<p>Doctor ")
          .append(FleetSection.age(now - endOf(doctor.get())))
          .append(" ago: ")
          .append(
              notReady == 0
                  ? "<span class=ok>ready</span>"
                  : "<span class=bad>NOT READY (" + notReady + ")</span>")
          .append("</p><div class=wrap><table>");
      for (Check check : checks) {
        boolean bad = check.verdict() != Check.Verdict.OK;
        out.append("<tr><td>")
            .append(escape(check.name()))
            .append("</td><td class=")
            .append(bad ? "bad" : "ok")
            .append(">")
            .append(escape(check.verdict().label()))
            .append("</td><td>")
            .append(escape(check.detail()))
            .append("</td></tr>");
      }
      out.append("</table></div>");
    }
    Optional<RunStatus> snapshot =
        runs.stream()
            .filter(r -> r.plan().runbook().equals("snapshot"))
            .map(r -> r.view().status)
            .filter(s -> s.state() == RunState.SUCCEEDED)
            .findFirst();
    out.append(
        snapshot
            .map(s -> "<p>Last offsite snapshot " + FleetSection.age(now - endOf(s)) + " ago.</p>")
            .orElse("<p class=muted>No offsite snapshot taken by etcd-dr yet.</p>"));
    return out.toString();
  }

  /** The last run of {@code runbook} on the cluster, once it ended. */
  private static Optional<RunStatus> ended(List<RunsSection.Run> runs, String runbook) {
    return runs.stream()
        .filter(
            r -> r.plan().runbook().equals(runbook) && !r.view().workflowStatus.equals("running"))
        .map(r -> r.view().status)
        .findFirst();
  }

  private static long endOf(RunStatus status) {
    return status.endedAt() == null ? status.startedAt() : status.endedAt();
  }
}
