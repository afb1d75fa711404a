package io.etcddr.lab;

import io.etcddr.engine.StepStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The RTO/RPO benchmark's table: etcd-dr's failover beside the raw commands, step by step, with the
 * ratio and where etcd-dr's overhead goes; then what the failover lost.
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
      int dbMiB,
      RecoveryTimeBenchIT.EtcdDrFailover etcdDr,
      Map<String, Double> raw,
      RpoWriter.Rpo rpo) {
    double rawTotal = raw.values().stream().mapToDouble(Double::doubleValue).sum();
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            "## RTO: failover-to-learner vs the raw commands (%d MiB of data)%n%n", dbMiB));
    out.append("| | seconds |\n|---|---|\n");
    out.append(
        String.format(
            "| etcd-dr: EtcdQuorumLost webhook → first write on the restored etcd | %.2f |%n",
            etcdDr.rtoSeconds()));
    out.append(String.format("| raw commands, one after the other | %.2f |%n", rawTotal));
    out.append(String.format("| ratio etcd-dr / raw | %.2f |%n", etcdDr.rtoSeconds() / rawTotal));
    out.append(
        String.format("| orchestration overhead | %.2f |%n", etcdDr.rtoSeconds() - rawTotal));
    out.append(
        String.format(
            "| of which waiting for the approval (given the moment it was asked, at %.2f s) | - |%n%n",
            etcdDr.approvalAtSeconds()));

    out.append("### etcd-dr's steps, from the webhook call\n\n");
    out.append("| step | starts at | takes | same work by hand | raw | overhead |\n");
    out.append("|---|---|---|---|---|---|\n");
    long firstWriteAt = etcdDr.webhookAtMillis() + Math.round(etcdDr.rtoSeconds() * 1000);
    double onPath = 0;
    for (StepStatus step : etcdDr.steps()) {
      if (step.onFailure() || step.startedAt() == null || step.startedAt() > firstWriteAt) {
        continue;
      }
      double startsAt = (step.startedAt() - etcdDr.webhookAtMillis()) / 1000.0;
      double takes = step.endedAt() == null ? 0 : (step.endedAt() - step.startedAt()) / 1000.0;
      List<String> commands = SAME_WORK.getOrDefault(step.id(), List.of());
      double byHand = commands.stream().mapToDouble(c -> raw.getOrDefault(c, 0.0)).sum();
      out.append(
          String.format(
              "| %s | %.2f | %.2f | %s | %s | %s |%n",
              step.id(),
              startsAt,
              takes,
              commands.isEmpty() ? "(etcd-dr only)" : String.join(" + ", commands),
              commands.isEmpty() ? "-" : String.format("%.2f", byHand),
              String.format("%.2f", takes - byHand)));
      onPath += takes;
    }
    out.append(
        String.format(
            "| first write accepted | %.2f | - | first put (etcdctl, retried) | %.2f | - |%n%n",
            etcdDr.rtoSeconds(), raw.getOrDefault("first put (etcdctl, retried)", 0.0)));
    out.append(
        String.format(
            "Steps before the first write add up to %.2f s (parallel steps counted once each);"
                + " the rest of the %.2f s is scheduling, retries and start-up of the new"
                + " etcd.%n%n",
            onPath, etcdDr.rtoSeconds()));

    out.append("### the raw commands\n\n| command | seconds |\n|---|---|\n");
    raw.forEach(
        (command, seconds) -> out.append(String.format("| %s | %.2f |%n", command, seconds)));

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
}
