package io.etcddr.lab;

import io.etcddr.engine.StepStatus;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The RTO/RPO benchmark's tables: etcd-dr's failover beside the raw commands — until etcd runs on
 * the restored data, then etcd's own start to its first write (the same etcd either way, whose
 * election time varies) — step by step from the median run, then what the failover lost.
 */
final class RecoveryReport {

  /** Which raw commands do each failover-to-learner step's work. */
  private static final Map<String, List<String>> SAME_WORK =
      new LinkedHashMap<>(
          Map.of(
              "stop-apiserver", List.of("docker stop kube-apiserver"),
              "stop-learner-etcd", List.of("docker stop etcd"),
              "copy", List.of("cp member/snap/db"),
              "restore", List.of("etcdutl snapshot restore"),
              "start-etcd", List.of("docker rename etcd", "docker run etcd")));

  private RecoveryReport() {}

  static String of(
      int dbMiB, List<RecoveryTimeBenchIT.EtcdDrFailover> runs, List<Map<String, Double>> raws) {
    RecoveryTimeBenchIT.EtcdDrFailover run =
        median(runs, Comparator.comparingDouble(RecoveryTimeBenchIT.EtcdDrFailover::rtoSeconds));
    Map<String, Double> raw = median(raws, Comparator.comparingDouble(RecoveryReport::total));
    double rawTotal = total(raw);
    double rawStarted = rawTotal - raw.get(RawFailover.FIRST_PUT);
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            "## RTO: failover-to-learner vs the raw commands (%d MiB of data, median of %d)%n%n",
            dbMiB, runs.size()));
    out.append("| seconds | etcd-dr | raw | ratio | overhead |\n|---|---|---|---|---|\n");
    out.append(
        line(
            "until etcd runs on the restored data (etcd-dr: from the EtcdQuorumLost webhook)",
            run.etcdStartedSeconds(),
            rawStarted));
    out.append(
        line(
            "etcd's own start to its first accepted write",
            run.rtoSeconds() - run.etcdStartedSeconds(),
            raw.get(RawFailover.FIRST_PUT)));
    out.append(line("**RTO: to the first write**", run.rtoSeconds(), rawTotal));
    out.append(
        String.format(
            "%nEvery run, etcd-dr: %s s; raw: %s s. The approval was given the moment it was"
                + " asked for (at %.2f s).%n%n",
            runs.stream().map(r -> fmt(r.rtoSeconds())).collect(Collectors.joining(", ")),
            raws.stream().map(r -> fmt(total(r))).collect(Collectors.joining(", ")),
            run.approvalAtSeconds()));

    out.append("### etcd-dr's steps until the first write (median run), from the webhook call\n\n");
    out.append("| step | starts at | takes | same work by hand | raw | overhead |\n");
    out.append("|---|---|---|---|---|---|\n");
    long firstWriteAt = run.webhookAtMillis() + Math.round(run.rtoSeconds() * 1000);
    for (StepStatus step : run.steps()) {
      if (step.onFailure() || step.startedAt() == null || step.startedAt() > firstWriteAt) {
        continue;
      }
      double startsAt = (step.startedAt() - run.webhookAtMillis()) / 1000.0;
      double takes = step.endedAt() == null ? 0 : (step.endedAt() - step.startedAt()) / 1000.0;
      List<String> commands = SAME_WORK.getOrDefault(step.id(), List.of());
      double byHand = commands.stream().mapToDouble(c -> raw.getOrDefault(c, 0.0)).sum();
      out.append(
          String.format(
              "| %s | %.2f | %.2f | %s | %s | %.2f |%n",
              step.id(),
              startsAt,
              takes,
              commands.isEmpty() ? "(etcd-dr only)" : String.join(" + ", commands),
              commands.isEmpty() ? "-" : fmt(byHand),
              takes - byHand));
    }
    out.append(
        String.format(
            "| first write accepted | %.2f | - | %s | %.2f | - |%n%n",
            run.rtoSeconds(), RawFailover.FIRST_PUT, raw.get(RawFailover.FIRST_PUT)));

    out.append("### the raw commands (median run)\n\n| command | seconds |\n|---|---|\n");
    raw.forEach(
        (command, seconds) -> out.append(String.format("| %s | %.2f |%n", command, seconds)));

    RpoWriter.Rpo rpo = run.rpo();
    out.append("\n## RPO: a writer at 500 puts/s while site A lost power\n\n");
    out.append(
        "| acknowledged | the learner had them | of those lost | acknowledged and lost (RPO)"
            + " | learner lag at the cut |\n|---|---|---|---|---|\n");
    out.append(
        String.format(
            "| %d | %d | %d | %d | %d revisions, %d ms |%n",
            rpo.acknowledged(),
            rpo.applied(),
            rpo.appliedMissing(),
            rpo.lost(),
            rpo.lagRevisions(),
            rpo.lagMillis()));
    return out.toString();
  }

  private static String line(String what, double etcdDr, double raw) {
    return String.format(
        "| %s | %.2f | %.2f | %.2f | %.2f |%n", what, etcdDr, raw, etcdDr / raw, etcdDr - raw);
  }

  private static double total(Map<String, Double> raw) {
    return raw.values().stream().mapToDouble(Double::doubleValue).sum();
  }

  private static <T> T median(List<T> values, Comparator<T> order) {
    return values.stream().sorted(order).toList().get(values.size() / 2);
  }

  private static String fmt(double seconds) {
    return String.format("%.2f", seconds);
  }
}
