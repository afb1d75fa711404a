package io.etcddr.lab;

import io.etcddr.engine.StepStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The RTO/RPO benchmark's tables: etcd-dr's failover beside the raw commands with the same safety
 * steps and without them — until etcd runs on the restored data, then etcd's own start to its first
 * write (the same etcd either way, whose election time varies) — then what the site lease adds,
 * each step of the median run, and what the failover lost.
 */
final class RecoveryReport {

  /** Which raw commands (of the same-safety procedure) do each failover-to-learner step's work. */
  private static final Map<String, List<String>> SAME_WORK =
      new LinkedHashMap<>(
          Map.of(
              "status", List.of(RawFailover.CONFIRM_LOST),
              "stop-apiserver", List.of("docker stop kube-apiserver"),
              "stop-learner-etcd", List.of("docker stop etcd"),
              "copy",
                  List.of(
                      RawFailover.WAL_REPLAY,
                      RawFailover.COPY,
                      RawFailover.SYNC,
                      RawFailover.DIGEST),
              "restore", List.of(RawFailover.DIGEST_CHECK, "etcdutl snapshot restore"),
              "start-etcd", List.of("docker rename etcd", "docker run etcd")));

  /** Every run of one benchmark, each list in the order they ran. */
  record Runs(
      int dbMiB,
      boolean sticky,
      List<RecoveryTimeBenchIT.EtcdDrFailover> etcdDr,
      List<RecoveryTimeBenchIT.EtcdDrFailover> etcdDrLeaseFromNow,
      List<Map<String, Double>> rawSameSafety,
      List<Map<String, Double>> rawNaive) {

    Runs(int dbMiB, boolean sticky) {
      this(
          dbMiB,
          sticky,
          new ArrayList<>(),
          new ArrayList<>(),
          new ArrayList<>(),
          new ArrayList<>());
    }

    List<RecoveryTimeBenchIT.EtcdDrFailover> allEtcdDr() {
      return Stream.concat(etcdDr.stream(), etcdDrLeaseFromNow.stream()).toList();
    }

    List<Map<String, Double>> allRaw() {
      return Stream.concat(rawSameSafety.stream(), rawNaive.stream()).toList();
    }
  }

  private RecoveryReport() {}

  static String of(Runs runs) {
    RecoveryTimeBenchIT.EtcdDrFailover run = medianRun(runs.etcdDr());
    Map<String, Double> careful = median(runs.rawSameSafety(), RecoveryReport::total);
    Map<String, Double> naive = median(runs.rawNaive(), RecoveryReport::total);
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            "## RTO: failover-to-learner vs the raw commands (%d MiB of data, median of %d)%n%n",
            runs.dbMiB(), runs.etcdDr().size()));
    out.append(
        runs.sticky()
            ? "The worker keeps runs in its cache between workflow tasks (ETCD_DR_STICKY=on), as on"
                + " a Temporal server.\n\n"
            : "The worker replays each run's history on every workflow task, as on the Java test"
                + " server (-Dbench.sticky=on keeps runs cached, as on a Temporal server).\n\n");
    out.append(
        "| seconds | etcd-dr | raw, same safety | ratio | overhead | raw, naive | ratio |\n"
            + "|---|---|---|---|---|---|---|\n");
    out.append(
        line(
            "until etcd runs on the restored data (etcd-dr: from the EtcdQuorumLost webhook)",
            run.etcdStartedSeconds(),
            started(careful),
            started(naive)));
    out.append(
        line(
            "etcd's own start to its first accepted write",
            run.rtoSeconds() - run.etcdStartedSeconds(),
            careful.get(RawFailover.FIRST_PUT),
            naive.get(RawFailover.FIRST_PUT)));
    out.append(line("**RTO: to the first write**", run.rtoSeconds(), total(careful), total(naive)));
    out.append(
        String.format(
            "%nEvery run, etcd-dr: %s s; raw, same safety: %s s; raw, naive: %s s. The approval"
                + " was given the moment it was asked for (at %.2f s). Site A's lease had run out"
                + " (an alert that waited its `for:`).%n%n",
            runs.etcdDr().stream().map(r -> fmt(r.rtoSeconds())).collect(Collectors.joining(", ")),
            runs.rawSameSafety().stream().map(r -> fmt(total(r))).collect(Collectors.joining(", ")),
            runs.rawNaive().stream().map(r -> fmt(total(r))).collect(Collectors.joining(", ")),
            run.approvalAtSeconds()));
    if (!runs.etcdDrLeaseFromNow().isEmpty()) {
      appendLease(out, run, medianRun(runs.etcdDrLeaseFromNow()));
    }
    appendSteps(out, run, careful);
    appendRawCommands(out, careful, naive);
    appendRpo(out, run.rpo());
    return out.toString();
  }

  private static void appendLease(
      StringBuilder out,
      RecoveryTimeBenchIT.EtcdDrFailover runOut,
      RecoveryTimeBenchIT.EtcdDrFailover fromNow) {
    StepStatus await = step(fromNow, "await-lease");
    out.append("### What the site lease adds: site A last heard at the webhook call\n\n");
    out.append(
        "| seconds | lease run out | last heard at the webhook | added |\n|---|---|---|---|\n");
    out.append(
        String.format(
            "| RTO | %.2f | %.2f | %.2f |%n",
            runOut.rtoSeconds(), fromNow.rtoSeconds(), fromNow.rtoSeconds() - runOut.rtoSeconds()));
    if (await != null && await.endedAt() != null) {
      out.append(
          String.format(
              "%nIn that run `await-lease` ended %.2f s after the webhook call (T_fence 15 s + the"
                  + " 10 s margin after the last report), beside the stops and the copy.%n%n",
              (await.endedAt() - fromNow.webhookAtMillis()) / 1000.0));
    } else {
      out.append("\n");
    }
  }

  private static void appendSteps(
      StringBuilder out, RecoveryTimeBenchIT.EtcdDrFailover run, Map<String, Double> raw) {
    out.append("### etcd-dr's steps until the first write (median run), from the webhook call\n\n");
    out.append("| step | starts at | takes | same work by hand (same safety) | raw | overhead |\n");
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
  }

  private static void appendRawCommands(
      StringBuilder out, Map<String, Double> careful, Map<String, Double> naive) {
    out.append("### the raw commands (median run of each)\n\n");
    out.append("| command | same safety | naive |\n|---|---|---|\n");
    for (String command : careful.keySet()) {
      out.append(
          String.format(
              "| %s | %.2f | %s |%n",
              command,
              careful.get(command),
              naive.containsKey(command) ? fmt(naive.get(command)) : "-"));
    }
  }

  private static void appendRpo(StringBuilder out, RpoWriter.Rpo rpo) {
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
  }

  private static StepStatus step(RecoveryTimeBenchIT.EtcdDrFailover run, String id) {
    return run.steps().stream().filter(s -> s.id().equals(id)).findFirst().orElse(null);
  }

  private static String line(String what, double etcdDr, double careful, double naive) {
    return String.format(
        "| %s | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f |%n",
        what, etcdDr, careful, etcdDr / careful, etcdDr - careful, naive, etcdDr / naive);
  }

  private static double started(Map<String, Double> raw) {
    return total(raw) - raw.get(RawFailover.FIRST_PUT);
  }

  private static double total(Map<String, Double> raw) {
    return raw.values().stream().mapToDouble(Double::doubleValue).sum();
  }

  private static RecoveryTimeBenchIT.EtcdDrFailover medianRun(
      List<RecoveryTimeBenchIT.EtcdDrFailover> runs) {
    return median(runs, RecoveryTimeBenchIT.EtcdDrFailover::rtoSeconds);
  }

  private static <T> T median(List<T> values, java.util.function.ToDoubleFunction<T> by) {
    return values.stream().sorted(Comparator.comparingDouble(by)).toList().get(values.size() / 2);
  }

  private static String fmt(double seconds) {
    return String.format("%.2f", seconds);
  }
}
