package io.etcddr.console;

import static io.etcddr.console.Html.escape;

import io.etcddr.activities.inventory.Cluster;
import io.etcddr.contract.cluster.ClusterRecord;
import io.etcddr.contract.cluster.DrillFigures;
import io.etcddr.contract.cluster.FenceOrder;
import io.etcddr.contract.cluster.Generation;
import io.etcddr.contract.etcd.ClusterHealth;
import java.time.Duration;
import java.util.Optional;

/**
 * One cluster as the console shows it: its current generation and members by site and role, the
 * learner's lag and split brain as the worker last saw them, fence orders, and the last drill.
 */
final class FleetSection {

  private FleetSection() {}

  static String render(
      Cluster cluster, Optional<ClusterRecord> record, Optional<ClusterHealth> health, long now) {
    StringBuilder out = new StringBuilder("<section><h2>Cluster ");
    out.append(escape(cluster.name())).append("</h2>");
    Optional<Generation> current = record.flatMap(ClusterRecord::current);
    out.append("<p>")
        .append(
            current
                .map(
                    g -> "Generation " + g.number() + " (cluster ID " + escape(g.clusterId()) + ")")
                .orElse("<span class=muted>no generation recorded yet</span>"))
        .append(
            health
                .map(FleetSection::healthLine)
                .orElse(" · <span class=muted>no status yet</span>"))
        .append("</p>");
    out.append(
        "<div class=wrap><table><tr><th>Site</th><th>Node</th><th>Address</th><th>Role</th></tr>");
    for (Cluster.Node node : cluster.nodes()) {
      out.append("<tr><td>")
          .append(escape(node.site()))
          .append("</td><td>")
          .append(escape(node.name()))
          .append("</td><td>")
          .append(escape(node.address()))
          .append("</td><td>")
          .append(role(node, health, current))
          .append("</td></tr>");
    }
    out.append("</table></div>");
    record.ifPresent(r -> out.append(fences(r)).append(drill(r.lastDrill(), now)));
    out.append(certificates(cluster, now));
    return out.append("</section>").toString();
  }

  private static String healthLine(ClusterHealth health) {
    String quorum =
        health.quorum() ? " · <span class=ok>quorum</span>" : " · <span class=bad>no quorum</span>";
    String lag =
        health.learners().isEmpty()
            ? " · <span class=muted>no learner</span>"
            : " · learner lag " + health.learnerLag() + " revisions";
    String split = health.splitBrain() ? " · <span class=bad>SPLIT BRAIN</span>" : "";
    return quorum + " · revision " + health.revision() + lag + split;
  }

  /**
   * The member on the node, by its address: as the worker's last status saw it (and whether it
   * answered), else as the current generation recorded it.
   */
  private static String role(
      Cluster.Node node, Optional<ClusterHealth> health, Optional<Generation> current) {
    String at = "//" + node.address() + ":";
    Optional<String> seen =
        health.flatMap(
            h ->
                h.members().stream()
                    .filter(m -> m.endpoint() != null && m.endpoint().contains(at))
                    .findFirst()
                    .map(
                        m ->
                            (Boolean.TRUE.equals(m.isLearner()) ? "learner " : "voter ")
                                + escape(m.name() == null ? "" : m.name())
                                + (m.reachable()
                                    ? ""
                                    : " <span class=bad>(not answering)</span>")));
    if (seen.isPresent()) {
      return seen.get();
    }
    return current.stream()
        .flatMap(g -> g.members().stream())
        .filter(m -> m.peerUrls().stream().anyMatch(u -> u.contains(at)))
        .findFirst()
        .map(m -> (m.learner() ? "learner " : "voter ") + escape(m.name()))
        .orElse("<span class=muted>no member</span>");
  }

  private static String fences(ClusterRecord record) {
    if (record.fences().isEmpty()) {
      return "<p class=muted>No fence orders.</p>";
    }
    StringBuilder out = new StringBuilder("<p>Fence orders: ");
    for (FenceOrder fence : record.fences()) {
      boolean done = fence.state() == FenceOrder.State.FENCED;
      out.append("<span class=")
          .append(done ? "ok" : "bad")
          .append(">")
          .append(escape(fence.node()))
          .append(" ")
          .append(escape(fence.state().name().toLowerCase(java.util.Locale.ROOT)))
          .append("</span> ");
    }
    return out.append("</p>").toString();
  }

  private static String drill(DrillFigures drill, long now) {
    if (drill == null) {
      return "<p class=muted>No learner drill yet.</p>";
    }
    return "<p>Last drill "
        + age(now - drill.at())
        + " ago: RPO "
        + drill.lagRevisions()
        + " revisions at its cut, restore "
        + drill.restoreMillis()
        + " ms.</p>";
  }

  /**
   * When the certificates the worker itself holds for the cluster expire: the cluster's CA and its
   * etcd client certificate (members' own certificates are on their nodes: `etcd-dr doctor`).
   */
  private static String certificates(Cluster cluster, long now) {
    if (cluster.etcd() == null) {
      return "";
    }
    return "<p>Certificates: CA "
        + expiry(cluster.etcd().caCert(), now)
        + "; the worker's client certificate "
        + expiry(cluster.etcd().cert(), now)
        + ".</p>";
  }

  private static String expiry(String file, long now) {
    if (file == null) {
      return "<span class=muted>not configured</span>";
    }
    try {
      long left =
          io.etcddr.activities.cert.PemFiles.readCertificate(java.nio.file.Path.of(file))
                  .getNotAfter()
                  .getTime()
              - now;
      String when = left < 0 ? "expired " + age(-left) + " ago" : "expires in " + age(left);
      return left < Duration.ofDays(30).toMillis() ? "<span class=bad>" + when + "</span>" : when;
    } catch (java.io.IOException e) {
      return "<span class=bad>unreadable (" + escape(file) + ")</span>";
    }
  }

  static String age(long millis) {
    Duration d = Duration.ofMillis(Math.max(0, millis));
    if (d.toDays() > 0) {
      return d.toDays() + " d";
    }
    if (d.toHours() > 0) {
      return d.toHours() + " h";
    }
    if (d.toMinutes() > 0) {
      return d.toMinutes() + " min";
    }
    return d.toSeconds() + " s";
  }
}
