package io.etcddr.doctor;

import io.etcddr.activities.inventory.Cluster;
import io.etcddr.engine.RunState;
import io.etcddr.engine.RunStatus;
import io.etcddr.engine.StepFigures;
import io.etcddr.engine.StepStatus;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The readiness verdicts from what the doctor run saw (its steps' outputs and errors) and the last
 * learner-drill. Pure: it reads maps, so every verdict is tested without a cluster.
 */
public final class Readiness {

  static final long CERT_WARN_DAYS = 30;
  static final long SKEW_WARN_MILLIS = 500;
  static final long SKEW_FAIL_MILLIS = 2000; // clock-check's default: TLS starts failing
  static final Duration DRILL_WARN_AGE = Duration.ofDays(2);

  private final Cluster cluster;
  private final Map<String, StepStatus> steps;
  private final Instant now;

  private Readiness(Cluster cluster, Map<String, StepStatus> steps, Instant now) {
    this.cluster = cluster;
    this.steps = steps;
    this.now = now;
  }

  /**
   * @param doctor the finished doctor run
   * @param lastDrill the cluster's last learner-drill run, if it ever had one
   */
  public static List<Check> of(
      Cluster cluster, RunStatus doctor, Optional<RunStatus> lastDrill, Instant now) {
    Map<String, StepStatus> steps = new java.util.HashMap<>();
    doctor.steps().forEach(s -> steps.put(s.id(), s));
    Readiness readiness = new Readiness(cluster, steps, now);
    List<Check> checks = new ArrayList<>();
    checks.addAll(readiness.agents());
    checks.add(readiness.quorum());
    checks.add(readiness.learner());
    checks.add(drill(lastDrill, now));
    checks.add(readiness.certificates());
    checks.add(readiness.clocks());
    checks.add(readiness.caKey());
    checks.add(readiness.rke());
    return checks;
  }

  private List<Check> agents() {
    Map<String, Object> out = outputs("agents");
    List<String> answering = strings(out.get("answering"));
    List<Check> checks = new ArrayList<>();
    for (Cluster.Node node : cluster.nodes()) {
      checks.add(
          answering.contains(node.name())
              ? Check.ok("agent " + node.name(), "polls etcd-dr@" + node.name())
              : Check.notReady(
                  "agent " + node.name(),
                  "no agent took work on etcd-dr@"
                      + node.name()
                      + " within 10 s: start etcd-dr-agent there"));
    }
    return checks;
  }

  private Check quorum() {
    Optional<String> failed = failure("status");
    if (failed.isPresent()) {
      return Check.notReady("etcd", "status failed: " + failed.get());
    }
    Map<String, Object> out = outputs("status");
    if (Boolean.TRUE.equals(out.get("splitBrain"))) {
      return Check.notReady(
          "etcd", "split brain: another cluster answers with quorum; see cluster status");
    }
    if (!Boolean.TRUE.equals(out.get("quorum"))) {
      return Check.notReady("etcd", "no quorum: reachable " + out.get("reachable"));
    }
    return Check.ok(
        "etcd",
        "quorum, leader "
            + out.get("leader")
            + ", revision "
            + out.get("revision")
            + ", cluster ID "
            + out.get("clusterId"));
  }

  /** A learner that answers, on a node in a site where no voter is, and how far behind it is. */
  @SuppressWarnings("unchecked")
  private Check learner() {
    if (failure("status").isPresent()) {
      return Check.notReady("learner", "unknown: etcd.status failed");
    }
    List<Map<String, Object>> members =
        (List<Map<String, Object>>) outputs("status").getOrDefault("members", List.of());
    Set<String> voterSites = new TreeSet<>();
    long leaderRevision = 0;
    List<Map<String, Object>> learners = new ArrayList<>();
    for (Map<String, Object> member : members) {
      if (!Boolean.TRUE.equals(member.get("reachable"))) {
        continue;
      }
      if (Boolean.TRUE.equals(member.get("isLearner"))) {
        learners.add(member);
      } else {
        siteOf(member).ifPresent(voterSites::add);
        leaderRevision = Math.max(leaderRevision, number(member.get("revision")));
      }
    }
    if (learners.isEmpty()) {
      return Check.notReady("learner", "no learner answers: run add-learner in another site");
    }
    List<String> seen = new ArrayList<>();
    for (Map<String, Object> learner : learners) {
      String node =
          nodeOf(learner).map(Cluster.Node::name).orElse(String.valueOf(learner.get("endpoint")));
      Optional<String> site = siteOf(learner);
      long lag = Math.max(0, leaderRevision - number(learner.get("revision")));
      if (site.isPresent() && !voterSites.contains(site.get())) {
        return Check.ok(
            "learner", node + " in site " + site.get() + ", " + lag + " revisions behind");
      }
      seen.add(node + " (site " + site.orElse("unknown") + ")");
    }
    return Check.notReady(
        "learner",
        "no learner outside the voters' sites " + voterSites + ": " + String.join(", ", seen));
  }

  private static Check drill(Optional<RunStatus> lastDrill, Instant now) {
    if (lastDrill.isEmpty()) {
      return Check.warn("last drill", "no learner-drill has run yet: etcd-dr run learner-drill");
    }
    RunStatus drill = lastDrill.get();
    if (drill.endedAt() == null) {
      return Check.warn("last drill", "a learner-drill is running now");
    }
    Duration age = Duration.between(Instant.ofEpochMilli(drill.endedAt()), now);
    String ago = human(age) + " ago";
    if (drill.state() != RunState.SUCCEEDED) {
      return Check.warn(
          "last drill",
          drill.state().label()
              + " "
              + ago
              + (drill.failure() == null ? "" : ": " + drill.failure()));
    }
    String figures = "";
    for (StepStatus step : drill.steps()) {
      Optional<Number> lag = StepFigures.number(step.outputs(), "revisionLag");
      if (lag.isPresent()) {
        figures += ", RPO " + lag.get() + " revisions";
      }
      Optional<Number> restore = StepFigures.number(step.outputs(), "millis");
      if ("restore".equals(step.id()) && restore.isPresent()) {
        figures += ", restore " + restore.get() + " ms";
      }
    }
    String detail = "succeeded " + ago + figures;
    return age.compareTo(DRILL_WARN_AGE) > 0
        ? Check.warn("last drill", detail + " (older than 2 days)")
        : Check.ok("last drill", detail);
  }

  @SuppressWarnings("unchecked")
  private Check certificates() {
    Optional<String> failed = failure("certificates");
    if (failed.isPresent()) {
      return Check.notReady("certificates", "not read: " + failed.get());
    }
    Map<String, Object> out = outputs("certificates");
    long soonest = number(out.get("soonestDaysLeft"));
    List<Map<String, Object>> all =
        new ArrayList<>((List<Map<String, Object>>) out.getOrDefault("members", List.of()));
    all.add((Map<String, Object>) out.getOrDefault("ca", Map.of()));
    String first =
        all.stream()
            .filter(c -> number(c.get("daysLeft")) == soonest)
            .map(c -> c.get("of") + " on " + c.get("notAfter"))
            .findFirst()
            .orElse("");
    String detail = "soonest expiry in " + soonest + " days (" + first + ")";
    if (soonest < 0) {
      return Check.notReady("certificates", "expired: " + first);
    }
    return soonest < CERT_WARN_DAYS
        ? Check.warn("certificates", detail + ": renew them")
        : Check.ok("certificates", detail);
  }

  @SuppressWarnings("unchecked")
  private Check clocks() {
    Map<String, Object> out = outputs("clocks");
    List<Long> readings = new ArrayList<>();
    for (Object byNode : out.values()) {
      if (byNode instanceof Map<?, ?> reading && reading.get("epochMillis") != null) {
        readings.add(number(reading.get("epochMillis")));
      }
    }
    if (readings.size() < 2) {
      return Check.warn("clock skew", "fewer than two clocks read");
    }
    long skew =
        readings.stream().mapToLong(Long::longValue).max().getAsLong()
            - readings.stream().mapToLong(Long::longValue).min().getAsLong();
    String detail = skew + " ms between " + readings.size() + " nodes";
    if (skew > SKEW_FAIL_MILLIS) {
      return Check.notReady(
          "clock skew", detail + ": fix NTP (certificates and leases depend on it)");
    }
    return skew > SKEW_WARN_MILLIS
        ? Check.warn("clock skew", detail)
        : Check.ok("clock skew", detail);
  }

  /**
   * The CA key on the CA node, and the CA node apart from the voters: a key kept beside them is
   * lost with their site, and no failover or reprotect could issue a certificate afterwards.
   */
  private Check caKey() {
    String where = "CA node " + cluster.caNode();
    Optional<String> failed = failure("ca");
    if (failed.isPresent()) {
      return Check.notReady("ca key", where + ": " + failed.get());
    }
    Map<String, Object> out = outputs("ca");
    if (!Boolean.TRUE.equals(out.get("present"))) {
      return Check.notReady("ca key", where + ": " + out.get("detail"));
    }
    Optional<String> site =
        cluster.node(cluster.caNode()).map(Cluster.Node::site).filter(s -> s != null);
    Set<String> voters = voterSites();
    if (site.isPresent() && voters.contains(site.get())) {
      return Check.warn(
          "ca key",
          where
              + " in site "
              + site.get()
              + " with the voters: lost with them; keep a copy away (etcd-dr ca-key backup)");
    }
    return Check.ok(
        "ca key",
        where
            + site.map(s -> " (site " + s + ")").orElse("")
            + " holds it; the CA is valid until "
            + out.get("caNotAfter"));
  }

  /** The sites of the voters that answered the doctor's status. */
  @SuppressWarnings("unchecked")
  private Set<String> voterSites() {
    Set<String> sites = new TreeSet<>();
    for (Map<String, Object> member :
        (List<Map<String, Object>>) outputs("status").getOrDefault("members", List.of())) {
      if (Boolean.TRUE.equals(member.get("reachable"))
          && !Boolean.TRUE.equals(member.get("isLearner"))) {
        siteOf(member).ifPresent(sites::add);
      }
    }
    return sites;
  }

  private Check rke() {
    String where = "deploy node " + cluster.deployNode();
    Optional<String> failed = failure("rke");
    if (failed.isPresent()) {
      return Check.notReady("rke", where + ": " + failed.get());
    }
    Map<String, Object> out = outputs("rke");
    List<String> missing = new ArrayList<>();
    if (String.valueOf(out.getOrDefault("rke", "")).isEmpty()) {
      missing.add("the rke executable");
    }
    if (!Boolean.TRUE.equals(out.get("configExists"))) {
      missing.add(String.valueOf(out.get("config")));
    }
    if (!Boolean.TRUE.equals(out.get("stateExists"))) {
      missing.add("cluster.rkestate beside it");
    }
    return missing.isEmpty()
        ? Check.ok(
            "rke",
            where + " has " + out.get("rke") + ", " + out.get("config") + " and cluster.rkestate")
        : Check.notReady("rke", where + " lacks " + String.join(", ", missing));
  }

  private Optional<String> failure(String step) {
    StepStatus status = steps.get(step);
    if (status == null) {
      return Optional.of("the step did not run");
    }
    return Optional.ofNullable(status.error()).filter(e -> !e.isBlank());
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> outputs(String step) {
    StepStatus status = steps.get(step);
    return status != null && status.outputs() instanceof Map<?, ?> map
        ? (Map<String, Object>) map
        : Map.of();
  }

  private Optional<Cluster.Node> nodeOf(Map<String, Object> member) {
    return cluster.nodeAt(URI.create(String.valueOf(member.get("endpoint"))).getHost());
  }

  private Optional<String> siteOf(Map<String, Object> member) {
    return nodeOf(member).map(Cluster.Node::site);
  }

  private static List<String> strings(Object list) {
    List<String> out = new ArrayList<>();
    if (list instanceof List<?> values) {
      values.forEach(v -> out.add(String.valueOf(v)));
    }
    return out;
  }

  private static long number(Object value) {
    return value instanceof Number n ? n.longValue() : 0;
  }

  private static String human(Duration age) {
    if (age.toHours() >= 48) {
      return age.toDays() + " d";
    }
    if (age.toMinutes() >= 120) {
      return age.toHours() + " h";
    }
    return age.toMinutes() >= 2 ? age.toMinutes() + " min" : age.toSeconds() + " s";
  }
}
